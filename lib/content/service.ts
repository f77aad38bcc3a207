import 'server-only';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { getEnv } from '../env';
import { adjacentIssues, groupByYear, relatedIssues, tagCounts } from './collections';
import { correctionDayKey } from './corrections';
import { loadIssues, type Issue, type LoadResult } from './load';
import { renderMarkdown, type RenderedMarkdown } from './markdown/render';
import { ContentError } from './problems';
import { liveSnapshot, setLiveSnapshot, type ContentSnapshot } from './live';
import { processSlot } from '../process-slots.mjs';
import { isLive, liveIssues, nextGoLive, scheduledIssues } from './schedule';
import { defaultPaths, describeImage, imageExists, measureImage, readIssueFiles, readPageFile, readSiteFile, type ContentPaths } from './repository';
import { parseSiteFile, type SiteSettings } from './site-file';

export type { Issue } from './load';
export type RenderedIssue = Issue & { body: RenderedMarkdown; correctionDay: string | null };

type State = {
  version: string;
  dir: string;
  result: LoadResult;
  /** The issues live at the moment noted (not drafts, their time come), until the next one goes live. */
  published: { list: Issue[]; until: number };
  rendered: Map<string, RenderedMarkdown>;
  /** Bodies with absolute links, for the feeds (which carry every issue's full text). */
  syndicated: Map<string, string>;
};

// Pages read the live snapshot (lib/content/live.ts), loaded once per version: a publish swaps in a
// new version and the next call loads it. In development the working folder is read again on
// every call so edits show at once.
const shouldCache = (version: string) => getEnv().NODE_ENV === 'production' || version !== 'working';
// One loaded version per process, whichever copy of this module asks (lib/process-slots.ts).
const loaded = processSlot<State>('contentLoaded');
// The day each published correction note shows when its `corrected:` is not written: the day of
// the publish that first carried it (recorded in the database; set by publishing, lib/newsletter/corrections.ts).
const correctionDays = processSlot<ReadonlyMap<string, string>>('correctionDays');

function paths(): ContentPaths {
  return defaultPaths(liveSnapshot().dir);
}

/** Validates every issue file of a content folder (CONTENT_DIR by default); never throws for bad content (the checker reports it). */
export function checkContent(contentDir: string = getEnv().CONTENT_DIR): LoadResult {
  const p = defaultPaths(contentDir);
  const exists = (src: string) => imageExists(p, src);
  const result = loadIssues(readIssueFiles(p), exists);
  const siteFile = readSiteFile(p);
  const site = parseSiteFile(siteFile?.text ?? null, siteFile?.file ?? 'site.yml', exists);
  return { ...result, problems: [...site.problems, ...result.problems], checked: result.checked + (siteFile ? 1 : 0), site: site.settings };
}

/** The live version's site.yml settings; null without one (or while the content cannot be read). */
export function getSiteSettings(): SiteSettings | null {
  try {
    return state().result.site ?? null;
  } catch {
    return null;
  }
}

function state(): State {
  const { version, dir } = liveSnapshot();
  const cache = loaded.get();
  if (cache && cache.version === version && cache.dir === dir && shouldCache(version)) return cache;
  const result = checkContent(dir);
  if (result.problems.some((p) => p.severity === 'error')) throw new ContentError(result.problems);
  return prime(version, dir, result);
}

function prime(version: string, dir: string, result: LoadResult, carried?: { from: State; unchanged: Set<string> }): State {
  const keep = <T>(map: Map<string, T> | undefined) => new Map([...(map ?? [])].filter(([slug]) => carried?.unchanged.has(slug)));
  const state = { version, dir, result, published: { list: [], until: 0 }, rendered: keep(carried?.from.rendered), syndicated: keep(carried?.from.syndicated) };
  loaded.set(state);
  return state;
}

/** The checked issues of a version if this process has it loaded (no second read of 500 files). */
export function loadedResult(version: string, dir: string): LoadResult | null {
  const cache = loaded.get();
  return cache && cache.version === version && cache.dir === dir ? cache.result : null;
}

/**
 * Makes a version live in this process, with the issues publishing already loaded and checked (no
 * second read). The rendered bodies of the issues it did not change (`unchanged`: same text, same
 * images) are kept, so a publish of one issue renders one body, not 500.
 */
export function goLive(snapshot: ContentSnapshot, result: LoadResult, unchanged: Set<string> = new Set()): void {
  const from = loaded.get();
  setLiveSnapshot(snapshot);
  prime(snapshot.version, snapshot.dir, result, from ? { from, unchanged } : undefined);
}

/** Every issue of the live version, drafts included (for publishing and the author's views). */
export function getAllIssues(): Issue[] {
  return state().result.issues;
}

/**
 * Issues readers can see, newest first: not drafts, and not scheduled for later (lib/content/schedule.ts);
 * in development every issue. Throws ContentError on broken content.
 */
export function getIssues(now = Date.now()): Issue[] {
  const current = state();
  if (getEnv().NODE_ENV !== 'production') return current.result.issues;
  // Asked on every issue request (view counting): the list is made again only when a scheduled issue's time comes.
  if (now >= current.published.until) {
    const at = new Date(now);
    current.published = { list: liveIssues(current.result.issues, at), until: nextGoLive(current.result.issues, at)?.getTime() ?? Infinity };
  }
  return current.published.list;
}

/** Issues scheduled to go live later, soonest first (for /admin and publishing). */
export function getScheduledIssues(now = new Date()): Issue[] {
  return scheduledIssues(state().result.issues, now);
}

export function getIssue(slug: string): Issue | null {
  return getIssues().find((i) => i.slug === slug) ?? null;
}

/** Drafts of the live version, newest first (for the author's views). */
export function getDrafts(): Issue[] {
  return state().result.issues.filter((i) => i.draft);
}

/** A draft or a scheduled issue of the live version, not yet seen by readers: what a preview shows. */
export function getUnpublishedIssue(slug: string, now = new Date()): Issue | null {
  const issue = state().result.issues.find((i) => i.slug === slug);
  return issue && !isLive(issue, now) ? issue : null;
}

/** The issue with its rendered body, for its page. */
export function getRenderedIssue(slug: string): RenderedIssue | null {
  const issue = getIssue(slug);
  return issue ? withBody(issue) : null;
}

/** A draft or scheduled issue with its rendered body, for its preview (lib/content/preview.ts decides who may see it). */
export function getRenderedPreview(slug: string, now = new Date()): RenderedIssue | null {
  const issue = getUnpublishedIssue(slug, now);
  return issue ? withBody(issue) : null;
}

function withBody(issue: Issue): RenderedIssue {
  const slug = issue.slug;
  const { rendered } = state();
  let body = rendered.get(slug);
  if (!body) {
    body = render(issue);
    rendered.set(slug, body);
  }
  return { ...issue, body, correctionDay: getCorrectionDay(issue) };
}

/** Records the days published correction notes show, by `correctionDayKey`. */
export function setCorrectionDays(days: ReadonlyMap<string, string>): void {
  correctionDays.set(days);
}

/**
 * The day an issue's correction note shows: its `corrected:` day, else the day of the publish that
 * first carried the note, else (a preview of a note not yet published) today, the day a publish now would give it.
 */
export function getCorrectionDay(issue: Issue, now = new Date()): string | null {
  if (!issue.correction) return null;
  return issue.correction.corrected ?? correctionDays.get()?.get(correctionDayKey(issue.slug, issue.correction.key)) ?? now.toISOString().slice(0, 10);
}

/** The body with absolute links and images, for feeds and email. */
export function renderIssueForSyndication(issue: Issue): string {
  const { syndicated, result } = state();
  // Only the live version's own issues are kept (not an issue object made elsewhere, by a test or a preview).
  const own = result.issues.includes(issue);
  const cached = own ? syndicated.get(issue.slug) : undefined;
  if (cached !== undefined) return cached;
  const html = render(issue, `${getEnv().SITE_URL}/${issue.slug}`).html;
  if (own) syndicated.set(issue.slug, html);
  return html;
}

function render(issue: Issue, absoluteBase?: string): RenderedMarkdown {
  const p = paths();
  return renderMarkdown(issue.markdown, {
    siteUrl: getEnv().SITE_URL,
    measure: (src) => measureImage(p, src),
    eagerFirstImage: issue.cover === null,
    // Feeds and email get the original file: their readers' support for AVIF and srcset varies.
    ...(absoluteBase ? { absoluteBase } : { describe: (src: string) => describeImage(p, src) }),
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

/** An image's intrinsic size in the live version (the email renderer's `measure`). */
export function measureContentImage(src: string) {
  return measureImage(paths(), src);
}

/** An email the author wrote, `emails/<name>.md` of the live version (e.g. the welcome email), or null. */
export function getEmailSource(name: string): string | null {
  const file = path.join(liveSnapshot().dir, 'emails', `${name}.md`);
  return existsSync(file) ? readFileSync(file, 'utf8') : null;
}

/** An issue's cover with its intrinsic size, for the page header. */
export function getCover(issue: Issue): { src: string; width: number; height: number } | null {
  if (!issue.cover) return null;
  const size = measureImage(paths(), issue.cover);
  return size ? { src: issue.cover, ...size } : null;
}
