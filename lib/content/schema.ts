import { z } from 'zod';
import { parseMoment, type Moment, type MomentError } from './dates';

/** Slugs are file names: lower-case words joined by hyphens. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Top-level paths the site itself uses; an issue cannot take one of them. */
export const RESERVED_SLUGS = new Set([
  'admin', 'api', 'archive', 'atom.xml', 'feed.xml', 'images', 'og', 'robots.txt',
  'sitemap.xml', 'tags', 'favicon.ico', 'favicon.svg', 'pages', 'emails', 'comments', 'js', 'subscribe', 'unsubscribe', 'preview', 'search',
]);

const MOMENT_MESSAGES: Record<MomentError, string> = {
  'not-a-date': 'must be a day written YYYY-MM-DD, or a date and time with its zone like 2026-12-24T08:00:00+01:00',
  'no-zone': 'has a time but no time zone, so the moment it names is unknown',
  'not-a-real-date': 'is not a real calendar date',
  'not-a-real-time': 'is not a real time of day (hours 00–23, minutes and seconds 00–59, zone up to ±23:59)',
};

/** The fix for a time without a zone, written with the author's own value. */
const zoneFix = (text: string) => `add the zone the time is in, e.g. \`${text}+01:00\`, or \`${text}Z\` for UTC`;

/**
 * A day (`2024-03-12`, midnight UTC) or a date-time with its zone; `timeRequired` refuses a bare day.
 * Parses to a Moment: the day as written and the instant (UTC) it names.
 */
const moment = (timeRequired = false) =>
  z
    .string({ error: (i) => (i.input === undefined ? 'is required' : MOMENT_MESSAGES['not-a-date']) })
    .transform((text, ctx): Moment => {
      const parsed = parseMoment(text);
      if (parsed.ok && timeRequired && !parsed.value.hasTime) {
        ctx.issues.push({ code: 'custom', input: text, message: 'must be a date and time with its zone, not a bare day' });
      } else if (!parsed.ok) {
        const params = parsed.error === 'no-zone' ? { fix: zoneFix(text) } : undefined;
        ctx.issues.push({ code: 'custom', input: text, message: MOMENT_MESSAGES[parsed.error], ...(params ? { params } : {}) });
      }
      return parsed.ok ? parsed.value : (z.NEVER as never);
    });

const day = moment();
const dateTime = moment(true);

const requiredText = (max: number) =>
  z
    .string({ error: (i) => (i.input === undefined ? 'is required' : 'must be text') })
    .trim()
    .min(1, { error: 'must not be empty' })
    .max(max, { error: `must be at most ${max} characters` });

/** The longest correction note: one sentence, read at the top of the page and in an email. */
export const CORRECTION_MAX = 500;
// Control characters (CR/LF, NUL, tab…), and invisible or direction-changing ones (bidi controls,
// zero-width characters): a note is one visible line, the same in the page, the feed and the email.
const NOTE_UNSAFE = /[\p{Cc}\p{Cf}\u2028\u2029]/u;
// Raw HTML and block Markdown (a heading, list, quote or fence at the start) are not inline text.
const NOTE_BLOCK = /^(?:#|>|[-+*]\s|\d+[.)]\s|```|~~~)|<[a-z!/?]/i;

/** A correction note: one sentence of plain text or inline Markdown (`*emphasis*`, `**strong**`, `` `code` ``). */
const correctionNote = z
  .string({ error: 'must be text: one sentence saying what was corrected' })
  .transform((text) => text.trim())
  .refine((text) => !NOTE_UNSAFE.test(text), { error: 'must be one line without control, invisible or direction-changing characters' })
  .refine((text) => text.length > 0, { error: 'must not be empty' })
  .refine((text) => text.length <= CORRECTION_MAX, { error: `must be at most ${CORRECTION_MAX} characters (one sentence)` })
  .refine((text) => !NOTE_BLOCK.test(text), { error: 'must be plain text or inline Markdown, without HTML, headings, lists or quotes' })
  .refine((text) => /[.!?…][)"'’”»]*$/u.test(text), { error: 'must be a sentence ending in ".", "!" or "?"' });

const tag = z
  .string({ error: 'each tag must be text' })
  .regex(SLUG_PATTERN, { error: 'each tag must be lower-case words joined by hyphens' });

/** The frontmatter of one issue: the single definition the checker, build and pages share. */
export const frontmatterSchema = z
  .object({
    title: requiredText(200),
    date: day,
    publishAt: dateTime.optional(),
    summary: requiredText(300),
    updated: day.optional(),
    tags: z.array(tag, { error: 'must be a list, e.g. [leadership, hiring]' }).max(12).optional(),
    video: z.url({ protocol: /^https?$/, error: 'must be a full http(s) URL' }).optional(),
    draft: z.boolean({ error: 'must be true or false' }).optional(),
    newsletter: z.boolean({ error: 'must be true or false' }).optional(),
    cover: z
      .string({ error: 'must be an image path' })
      .regex(/^\/[^\s]+\.(png|jpe?g|gif|webp|avif|svg)$/i, {
        error: 'must be a path under public/ starting with "/" and ending in an image extension',
      })
      .optional(),
    correction: correctionNote.optional(),
    corrected: day.optional(),
  })
  .refine((fm) => fm.corrected === undefined || fm.correction !== undefined, {
    path: ['corrected'],
    error: 'has no `correction:` note to date',
    when: ({ issues }) => !issues.some((i) => i.path?.[0] === 'corrected' || i.path?.[0] === 'correction'),
  })
  .refine((fm) => !fm.corrected || fm.corrected.instant >= fm.date.instant, {
    path: ['corrected'],
    error: 'is before date',
    when: ({ issues }) => !issues.some((i) => i.path?.[0] === 'date' || i.path?.[0] === 'corrected'),
  })
  .refine((fm) => !fm.updated || fm.updated.instant > fm.date.instant, {
    path: ['updated'],
    error: 'is not after date',
    // Compare the dates even when another field is wrong, so every problem is reported at once.
    when: ({ issues }) => !issues.some((i) => i.path?.[0] === 'date' || i.path?.[0] === 'updated'),
  });

export type Frontmatter = z.infer<typeof frontmatterSchema>;

export const KNOWN_KEYS = new Set(Object.keys(frontmatterSchema.shape));

/** How to fix a problem with each field, shown after the message. */
export const FIELD_FIXES: Record<string, string> = {
  title: 'add a line like `title: "Choose boring infrastructure"`',
  date: 'write the publication day as YYYY-MM-DD, e.g. `date: 2024-03-12` (live from midnight UTC), or a time with its zone, e.g. `date: 2024-03-12T08:00:00+01:00`',
  publishAt: 'write the moment the issue goes live as a date and time with its zone, e.g. `publishAt: 2024-03-12T08:00:00+01:00` (`Z` for UTC), or remove the line',
  summary: 'add one or two plain sentences, e.g. `summary: "Why…"` (at most 300 characters)',
  updated: 'write the day of the last real update as YYYY-MM-DD (or a time with its zone), later than `date`, or remove the line',
  tags: 'write a list of lower-case words joined by hyphens, e.g. `tags: [leadership, hiring]`',
  video: 'give the full address of the video, e.g. `video: https://video.example.com/talk`',
  draft: 'write `draft: true` or `draft: false`',
  newsletter: 'write `newsletter: true` to email the issue to subscribers when it goes live, or remove the line',
  cover: 'give the image path under public/, e.g. `cover: /images/my-issue/cover.png`',
  correction: 'write one sentence on one line saying what changed, e.g. `correction: "An earlier version gave the wrong year for the outage; it was 2019."` (at most 500 characters)',
  corrected: 'write the day of the correction as YYYY-MM-DD, not before `date`, beside a `correction:` note, or remove the line (the day it is first published is used)',
};
