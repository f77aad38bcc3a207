import 'server-only';
import { getEnv } from '../env';
import { adjacentIssues, groupByYear, relatedIssues, tagCounts } from './collections';
import { loadIssues, type Issue, type LoadResult } from './load';
import { renderMarkdown, type RenderedMarkdown } from './markdown/render';
import { ContentError } from './problems';
import { defaultPaths, imageExists, measureImage, readIssueFiles, readPageFile } from './repository';

export type { Issue } from './load';
export type RenderedIssue = Issue & { body: RenderedMarkdown };

// In production the content is read once per process (pages are prerendered at build);
// in development every request reads the files again so edits show at once.
const shouldCache = () => process.env.NODE_ENV === 'production';
let cache: { result: LoadResult; published: Issue[]; rendered: Map<string, RenderedMarkdown> } | null = null;

function paths() {
  return defaultPaths(getEnv().CONTENT_DIR);
}

/** Validates every issue file; never throws for bad content (the checker reports it). */
export function checkContent(): LoadResult {
  const p = paths();
  return loadIssues(readIssueFiles(p), (src) => imageExists(p, src));
}

function state() {
  if (cache && shouldCache()) return cache;
  const result = checkContent();
  if (result.problems.some((p) => p.severity === 'error')) throw new ContentError(result.problems);
  cache = { result, published: result.issues.filter((i) => !i.draft), rendered: new Map() };
  return cache;
}

/** Issues readers can see, newest first: drafts only in development. Throws ContentError on broken content. */
export function getIssues(): Issue[] {
  // Asked on every issue request (view counting): the published list is made once, with the cache.
  const { result, published } = state();
  return process.env.NODE_ENV === 'production' ? published : result.issues;
}

export function getIssue(slug: string): Issue | null {
  return getIssues().find((i) => i.slug === slug) ?? null;
}

/** The issue with its rendered body, for its page. */
export function getRenderedIssue(slug: string): RenderedIssue | null {
  const issue = getIssue(slug);
  if (!issue) return null;
  const { rendered } = state();
  let body = rendered.get(slug);
  if (!body) {
    body = render(issue);
    rendered.set(slug, body);
  }
  return { ...issue, body };
}

/** The body with absolute links and images, for feeds and email. */
export function renderIssueForSyndication(issue: Issue): string {
  return render(issue, `${getEnv().SITE_URL}/${issue.slug}`).html;
}

function render(issue: Issue, absoluteBase?: string): RenderedMarkdown {
  const p = paths();
  return renderMarkdown(issue.markdown, {
    siteUrl: getEnv().SITE_URL,
    measure: (src) => measureImage(p, src),
    eagerFirstImage: issue.cover === null,
    ...(absoluteBase ? { absoluteBase } : {}),
  });
}

/** Newer/older neighbours and up to three related issues (by shared tags) for an issue page. */
export function getOtherIssues(slug: string) {
  const issues = getIssues();
  const { newer, older } = adjacentIssues(issues, slug);
  const exclude = [newer?.slug, older?.slug].filter((s): s is string => !!s);
  return { newer, older, related: relatedIssues(issues, slug, 3, exclude) };
}

export function getTags() {
  return tagCounts(getIssues());
}

export function getIssuesByTag(tag: string): Issue[] {
  return getIssues().filter((i) => i.tags.includes(tag));
}

export function getArchive() {
  return groupByYear(getIssues());
}

/** The author's intro for the home page (content/pages/intro.md), rendered. */
export function getIntroHtml(): string {
  const p = paths();
  const markdown = readPageFile(p, 'intro');
  if (!markdown.trim()) return '';
  return renderMarkdown(markdown, { siteUrl: getEnv().SITE_URL, measure: (src) => measureImage(p, src) }).html;
}

/** An issue's cover with its intrinsic size, for the page header. */
export function getCover(issue: Issue): { src: string; width: number; height: number } | null {
  if (!issue.cover) return null;
  const size = measureImage(paths(), issue.cover);
  return size ? { src: issue.cover, ...size } : null;
}
