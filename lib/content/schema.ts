import { z } from 'zod';
import { isRealIsoDate } from './dates';

/** Slugs are file names: lower-case words joined by hyphens. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Top-level paths the site itself uses; an issue cannot take one of them. */
export const RESERVED_SLUGS = new Set([
  'admin', 'api', 'archive', 'atom.xml', 'feed.xml', 'images', 'og', 'robots.txt',
  'sitemap.xml', 'tags', 'favicon.ico', 'favicon.svg', 'pages', 'emails', 'comments', 'js', 'subscribe', 'unsubscribe',
]);

const isoDay = z
  .string({ error: (i) => (i.input === undefined ? 'is required' : 'must be a date written YYYY-MM-DD') })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'must be a date written YYYY-MM-DD' })
  .refine(isRealIsoDate, { error: 'is not a real calendar date' });

const requiredText = (max: number) =>
  z
    .string({ error: (i) => (i.input === undefined ? 'is required' : 'must be text') })
    .trim()
    .min(1, { error: 'must not be empty' })
    .max(max, { error: `must be at most ${max} characters` });

const tag = z
  .string({ error: 'each tag must be text' })
  .regex(SLUG_PATTERN, { error: 'each tag must be lower-case words joined by hyphens' });

/** The frontmatter of one issue: the single definition the checker, build and pages share. */
export const frontmatterSchema = z
  .object({
    title: requiredText(200),
    date: isoDay,
    summary: requiredText(300),
    updated: isoDay.optional(),
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
  })
  .refine((fm) => !fm.updated || fm.updated > fm.date, {
    path: ['updated'],
    error: 'is not after date',
    // Compare the dates even when another field is wrong, so every problem is reported at once.
    when: ({ value }) => {
      const v = value as { date?: unknown; updated?: unknown };
      return isoDay.safeParse(v.date).success && isoDay.optional().safeParse(v.updated).success;
    },
  });

export type Frontmatter = z.infer<typeof frontmatterSchema>;

export const KNOWN_KEYS = new Set(Object.keys(frontmatterSchema.shape));

/** How to fix a problem with each field, shown after the message. */
export const FIELD_FIXES: Record<string, string> = {
  title: 'add a line like `title: "Choose boring infrastructure"`',
  date: 'write the publication day as YYYY-MM-DD, e.g. `date: 2024-03-12`',
  summary: 'add one or two plain sentences, e.g. `summary: "Why…"` (at most 300 characters)',
  updated: 'write the day of the last real update as YYYY-MM-DD, later than `date`, or remove the line',
  tags: 'write a list of lower-case words joined by hyphens, e.g. `tags: [leadership, hiring]`',
  video: 'give the full address of the video, e.g. `video: https://video.example.com/talk`',
  draft: 'write `draft: true` or `draft: false`',
  newsletter: 'write `newsletter: true` to email the issue to subscribers when it goes live, or remove the line',
  cover: 'give the image path under public/, e.g. `cover: /images/my-issue/cover.png`',
};
