import matter from 'gray-matter';
import yaml from 'js-yaml';
import { frontmatterSchema, FIELD_FIXES, KNOWN_KEYS, RESERVED_SLUGS, SLUG_PATTERN, type Frontmatter } from './schema';
import { bodyFacts, type BodyFacts } from './body-facts';
import { lintBody } from './lint';
import type { SiteSettings } from './site-file';
import type { ContentProblem } from './problems';
import { readingMinutes } from './reading-time';
import { isLive } from './schedule';
import { correctionKey, type IssueCorrection } from './corrections';

/** One Markdown file as read from content/. */
export type SourceFile = { file: string; name: string; text: string };

/** A validated issue, not yet rendered. */
export type Issue = {
  slug: string;
  file: string;
  title: string;
  /** The publication day readers see, YYYY-MM-DD: the day as written in `date`, in its own zone. */
  date: string;
  /** The instant (ISO, UTC) the issue goes live: `publishAt`, else `date` (a bare day: midnight UTC). */
  liveAt: string;
  updated: string | null;
  summary: string;
  tags: string[];
  video: string | null;
  draft: boolean;
  /** Email it to every confirmed subscriber when it first goes live (after NEWSLETTER_HOLD_MINUTES). */
  newsletter: boolean;
  cover: string | null;
  /** A correction note (one sentence) and its `corrected` day if written; its key names it (lib/content/corrections.ts). */
  correction: IssueCorrection | null;
  markdown: string;
  words: number;
  readingMinutes: number;
};

export type LoadResult = {
  issues: Issue[];
  problems: ContentProblem[];
  checked: number;
  /** The folder's site.yml, read by lib/content/service.ts checkContent (null: none, the environment's defaults). */
  site?: SiteSettings | null;
};

// JSON schema: `date: 2024-02-30` stays a string we can check, instead of YAML's silent Date rollover.
const matterOptions = {
  engines: { yaml: (s: string) => yaml.load(s, { schema: yaml.JSON_SCHEMA }) as object },
};

/**
 * Validates every file and returns the issues that passed (scheduled ones included) plus every
 * problem found. `now` only decides which links point at an issue not yet live (a warning).
 */
export function loadIssues(files: SourceFile[], imageExists: (src: string) => boolean, now = new Date()): LoadResult {
  const problems: ContentProblem[] = [];
  const bodies: Array<{ file: string; slug: string; isDraft: boolean; facts: BodyFacts }> = [];
  const parsed: Issue[] = [];
  const seen = new Map<string, string>();

  for (const source of files) {
    const slug = source.name.replace(/\.md$/i, '');
    const problem = (field: string, message: string, fix: string, severity: ContentProblem['severity'] = 'error') =>
      problems.push({ severity, file: source.file, field, message, fix });

    const slugKey = slug.toLowerCase();
    if (seen.has(slugKey)) {
      problem('slug', `duplicates the slug of ${seen.get(slugKey)}`, 'rename one of the two files: the file name is the address');
      continue;
    }
    seen.set(slugKey, source.file);
    if (!SLUG_PATTERN.test(slug)) {
      problem('slug', `"${slug}" is not a valid slug`, 'rename the file to lower-case words joined by hyphens, e.g. my-first-issue.md');
      continue;
    }
    if (RESERVED_SLUGS.has(slug)) {
      problem('slug', `"${slug}" is a path the site itself uses`, 'rename the file');
      continue;
    }

    let data: Record<string, unknown>;
    let body: string;
    try {
      const m = matter(source.text, matterOptions);
      data = (m.data ?? {}) as Record<string, unknown>;
      body = m.content;
    } catch (e) {
      problem('frontmatter', `is not valid YAML: ${(e as Error).message.split('\n')[0]}`, 'check the lines between the two `---` markers');
      continue;
    }

    for (const key of Object.keys(data)) {
      if (!KNOWN_KEYS.has(key)) {
        problem(key, 'is not a known frontmatter key and is ignored', `remove it, or use one of: ${[...KNOWN_KEYS].join(', ')}`, 'warning');
      }
    }

    // The body is checked even when the frontmatter is wrong: the author gets every problem in one run.
    const facts = bodyFacts(body);
    bodies.push({ file: source.file, slug, isDraft: data.draft === true, facts });

    const result = frontmatterSchema.safeParse(data);
    if (!result.success) {
      const reported = new Set<string>();
      for (const issue of result.error.issues) {
        const field = String(issue.path[0] ?? 'frontmatter');
        if (reported.has(field)) continue;
        reported.add(field);
        const value = data[field];
        const shown = value === undefined || typeof value === 'object' ? '' : ` (got ${JSON.stringify(value)})`;
        // A fix written for this very value (e.g. a time without its zone) beats the field's general one.
        const own = issue.code === 'custom' ? issue.params?.fix : undefined;
        const fix = typeof own === 'string' ? own : FIELD_FIXES[field];
        problem(field, `${issue.message}${shown}`, fix ?? 'correct the frontmatter');
      }
      continue;
    }
    if (body.trim() === '') {
      problem('body', 'is empty', 'write the issue below the closing `---`');
      continue;
    }
    parsed.push(toIssue(slug, source.file, result.data, body, facts.words));
  }

  const slugs = new Set(bodies.map((b) => b.slug));
  const draftSlugs = new Set(bodies.filter((b) => b.isDraft).map((b) => b.slug));
  for (const issue of parsed) {
    if (issue.cover && !imageExists(issue.cover)) {
      problems.push({
        severity: 'error', file: issue.file, field: 'cover',
        message: `image ${issue.cover} does not exist`, fix: `add the file public${issue.cover} or correct the path`,
      });
    }
  }
  const liveAt = new Map(parsed.map((i) => [i.slug, i.liveAt]));
  const scheduled = new Map(parsed.filter((i) => !i.draft && !isLive(i, now)).map((i) => [i.slug, i.liveAt]));
  for (const b of bodies) {
    const context = { file: b.file, slugs, draftSlugs, scheduled, liveAt: liveAt.get(b.slug) ?? null, isDraft: b.isDraft, imageExists };
    problems.push(...lintBody(b.facts.references, context));
  }

  const broken = new Set(problems.filter((p) => p.severity === 'error').map((p) => p.file));
  const issues = parsed.filter((i) => !broken.has(i.file)).sort(newestFirst);
  return { issues, problems, checked: files.length };
}

function toIssue(slug: string, file: string, fm: Frontmatter, markdown: string, words: number): Issue {
  return {
    slug,
    file,
    title: fm.title,
    date: fm.date.day,
    liveAt: (fm.publishAt ?? fm.date).instant,
    updated: fm.updated?.day ?? null,
    summary: fm.summary,
    tags: fm.tags ?? [],
    video: fm.video ?? null,
    draft: fm.draft ?? false,
    newsletter: fm.newsletter ?? false,
    cover: fm.cover ?? null,
    correction: fm.correction === undefined ? null : { note: fm.correction, key: correctionKey(fm.correction), corrected: fm.corrected?.day ?? null },
    markdown,
    words,
    readingMinutes: readingMinutes(words),
  };
}

/** Newest first by the moment each goes live; issues live at the same moment by title, so the order is stable. */
export function newestFirst(a: Pick<Issue, 'liveAt' | 'title'>, b: Pick<Issue, 'liveAt' | 'title'>): number {
  return b.liveAt.localeCompare(a.liveAt) || a.title.localeCompare(b.title);
}
