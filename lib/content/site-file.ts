/**
 * `site.yml`: what the author says about their publication, kept with the content (title,
 * description, language, the author's name, bio, avatar and links, a logo, navigation, the accent
 * colour, the footer). What the operator sets (addresses, secrets,
 * databases) stays in the environment. Pure: the text in, the settings and the problems out.
 */
import yaml from 'js-yaml';
import { z } from 'zod';
import { accentFailures, darkAccentFor, isHexColour, parseHex, toHex } from './contrast';
import type { ContentProblem } from './problems';

// Checked with the URL parser and string rules, not one pattern over the whole value (no backtracking).
function isHttpsAddress(v: string): boolean {
  if (/\s/.test(v) || !v.toLowerCase().startsWith('https://')) return false;
  try {
    return new URL(v).hostname.includes('.');
  } catch {
    return false;
  }
}

function isPlainEmail(v: string): boolean {
  const at = v.indexOf('@');
  if (at < 1 || at !== v.lastIndexOf('@') || /\s/.test(v)) return false;
  const domain = v.slice(at + 1);
  const dot = domain.lastIndexOf('.');
  return dot > 0 && dot < domain.length - 1;
}

const text = (max: number) => z.string().trim().min(1, 'is empty').max(max, `is longer than ${max} characters`);
// No control characters, bidi overrides or line breaks in a one-line setting.
const oneLine = (max: number) => text(max).refine((v) => !/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/.test(v), 'contains a line break or control character');
const localImage = oneLine(300).refine((v) => /^\/images\/[\w./-]+\.(?:svg|png|jpe?g|webp|avif)$/i.test(v) && !v.includes('..'), 'is not an image of the content (/images/…)');
const httpsUrl = oneLine(300).refine(isHttpsAddress, 'is not an https:// address');
const colour = oneLine(7).refine(isHexColour, 'is not a colour like "#0a58a8"');

export const siteFileSchema = z
  .object({
    title: oneLine(120),
    description: oneLine(300),
    language: oneLine(35).refine((v) => /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/.test(v), 'is not a language tag like "en" or "en-GB"'),
    author: z
      .object({
        name: oneLine(80),
        bio: text(600).optional(),
        avatar: localImage.optional(),
        links: z
          .object({
            website: httpsUrl.optional(),
            mastodon: httpsUrl.optional(),
            github: httpsUrl.refine((v) => /^https:\/\/github\.com\/[\w-]+\/?$/i.test(v), 'is not a GitHub profile (https://github.com/<name>)').optional(),
            linkedin: httpsUrl.refine((v) => /^https:\/\/(?:www\.)?linkedin\.com\/in\/[^/\s]+\/?$/i.test(v), 'is not a LinkedIn profile (https://www.linkedin.com/in/<name>)').optional(),
            email: oneLine(254).refine(isPlainEmail, 'is not an email address').optional(),
          })
          .strict()
          .optional(),
      })
      .strict(),
    logo: localImage.optional(),
    navigation: z
      .array(z.object({ label: oneLine(40), href: oneLine(300).refine((v) => /^(?:\/(?!\/)\S*|https:\/\/\S+)$/.test(v), 'is not a site address (/archive) or an https:// link') }).strict())
      .max(8, 'has more than 8 links')
      .optional(),
    accent: colour.optional(),
    accent_dark: colour.optional(),
    footer: oneLine(300).optional(),
  })
  .strict();

export type SiteFile = z.infer<typeof siteFileSchema>;

/** The settings as pages use them: the accent pair resolved (a dark one derived when not given). */
export type SiteSettings = Omit<SiteFile, 'accent' | 'accent_dark'> & { accent: { light: string; dark: string } | null };

export const SITE_FILE = 'site.yml';

const FIXES: Record<string, string> = {
  title: 'give the publication a name, e.g. title: "Notes from the CTO"',
  description: 'one sentence about the publication, for search engines and feeds',
  language: 'a language tag such as en, en-GB, de or fr',
  'author.name': 'the name readers know you by, e.g. name: "Robin Hale"',
  'author.avatar': 'put the picture under images/ (e.g. images/site/avatar.png) and write avatar: /images/site/avatar.png',
  logo: 'put the logo under images/ and write logo: /images/site/logo.svg',
  accent: 'pick a darker shade (try https://webaim.org/resources/contrastchecker/ against #fdfcf9)',
  accent_dark: 'pick a lighter shade for dark mode, or leave accent_dark out to have one derived',
};

function fixFor(field: string): string {
  if (FIXES[field]) return FIXES[field];
  if (field.startsWith('author.links.')) return 'a full https:// address of your profile (email: a plain address)';
  if (field.startsWith('navigation')) return 'each link as { label: "Archive", href: "/archive" }';
  return 'see the site.yml section of the README for what each field takes';
}

type Parsed = { settings: SiteSettings | null; problems: ContentProblem[] };

/**
 * Reads site.yml. `imageExists` checks the avatar and logo against the content's images. Without
 * the file (null), the environment's SITE_TITLE, SITE_DESCRIPTION, SITE_LANG and AUTHOR_NAME stand in.
 */
export function parseSiteFile(source: string | null, file: string, imageExists: (src: string) => boolean): Parsed {
  if (source === null) return { settings: null, problems: [] };
  const problem = (field: string, message: string, fix = fixFor(field)): ContentProblem => ({ severity: 'error', file, field, message, fix });
  let value: unknown;
  try {
    // The JSON schema, as for frontmatter: no dates or other types YAML would guess; repeated keys refused.
    value = yaml.load(source, { schema: yaml.JSON_SCHEMA, filename: file });
  } catch (error) {
    const line = error instanceof yaml.YAMLException ? error.mark.line + 1 : 1;
    const reason = error instanceof yaml.YAMLException ? error.reason : 'unreadable';
    return { settings: null, problems: [problem(`line ${line}`, `is not valid YAML (${reason})`, 'check the indentation and quote values that contain ":" or "#"')] };
  }
  const parsed = siteFileSchema.safeParse(value);
  if (!parsed.success) {
    return {
      settings: null,
      problems: parsed.error.issues.map((i) => {
        const field = i.path.length ? i.path.join('.') : '(file)';
        if (i.code === 'unrecognized_keys') return problem(field === '(file)' ? i.keys.join(', ') : `${field}.${i.keys.join(', ')}`, 'is not a site.yml field', 'check the spelling against the README (site.yml)');
        return problem(field, i.code === 'invalid_type' && i.input === undefined ? 'is missing' : i.message);
      }),
    };
  }
  const data = parsed.data;
  const problems: ContentProblem[] = [];
  for (const field of ['logo', 'author.avatar'] as const) {
    const src = field === 'logo' ? data.logo : data.author.avatar;
    if (src && !imageExists(src)) problems.push(problem(field, `${src} does not exist`));
  }
  let accent: SiteSettings['accent'] = null;
  if (data.accent) {
    const light = parseHex(data.accent);
    const dark = data.accent_dark ? parseHex(data.accent_dark) : darkAccentFor(light);
    for (const f of accentFailures(light, 'light')) problems.push(problem('accent', `${data.accent} fails WCAG AA for ${f.pair} in light mode (${f.ratio}:1, needs 4.5:1)`));
    if (dark) for (const f of accentFailures(dark, 'dark')) problems.push(problem('accent_dark', `${toHex(dark)} fails WCAG AA for ${f.pair} in dark mode (${f.ratio}:1, needs 4.5:1)`));
    accent = { light: toHex(light), dark: dark ? toHex(dark) : toHex(light) };
  } else if (data.accent_dark) {
    problems.push(problem('accent_dark', 'is set without accent', 'set accent (the light-mode colour) too'));
  }
  if (problems.length) return { settings: null, problems };
  const { accent: _a, accent_dark: _d, ...rest } = data;
  return { settings: { ...rest, accent }, problems };
}
