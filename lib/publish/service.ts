import 'server-only';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { checkContent, goLive, loadedResult } from '../content/service';
import { liveSnapshot } from '../content/live';
import type { Issue, LoadResult } from '../content/load';
import type { ContentProblem } from '../content/problems';
import { liveIssues } from '../content/schedule';
import { getEnv } from '../env';
import { logEvent } from '../log';
import { sendMail } from '../mail/send';
import { processSingleton } from '../process-slots.mjs';
import { diffIssues, pagesToRefresh, type ContentChanges, type ImageDigests } from './changes';
import { refreshPages } from './refresh';
import { refusalEmail } from './report';
import * as repo from './repository';
import { contentSource, fetchLatest, imageDigests, materialize, pruneSnapshots, siteSignature, touchSnapshot, type ContentSource, type FetchError } from './snapshot';

export type PublishOutcome =
  | { status: 'published'; version: string; seq: number; changes: ContentChanges; warnings: ContentProblem[] }
  | { status: 'unchanged'; version: string; warnings: ContentProblem[] }
  | { status: 'refused'; version: string; problems: ContentProblem[] }
  | { status: 'failed'; error: FetchError | 'busy'; detail: string };

type ProcessState = {
  owner: string;
  /** The publish this process serves (its seq), or 0 before the first. */
  appliedSeq: number;
  /** Publishes in this process run one after another, in the order asked. */
  queue: Promise<unknown>;
  /** Hooks run when issues first go live (the newsletter on publish). */
  onLive: Array<(issues: Issue[]) => Promise<void>>;
  /** Hooks run on every instance as it applies a published version, before its pages are refreshed (corrections). */
  onApplying: Array<(applied: AppliedVersion) => Promise<void>>;
  /** The issues of the live version readers saw at the last apply or tick: a scheduled one joins them when its time comes. */
  liveSlugs: Set<string> | null;
  /** When the live version's folder was last marked as in use. */
  touchedAt: number;
};

const proc = processSingleton<ProcessState>('publishState', () => ({
  owner: `${process.pid}-${randomBytes(6).toString('hex')}`,
  appliedSeq: 0,
  queue: Promise.resolve(),
  onLive: [],
  onApplying: [],
  liveSlugs: null,
  touchedAt: 0,
}));

const LOCK_TTL_MS = 120_000;
const LOCK_WAIT_MS = 150_000;

/** Issues readers see in a loaded version now: never drafts, nor issues scheduled for later. */
function visible(result: LoadResult, now = new Date()): Issue[] {
  return liveIssues(result.issues, now);
}

/** Problems with the file named as in the repository (`my-issue.md`), not as on this disk. */
function relativeTo(dir: string, problems: ContentProblem[]): ContentProblem[] {
  return problems.map((p) => ({ ...p, file: path.relative(dir, path.resolve(/*turbopackIgnore: true*/ process.cwd(), p.file)) }));
}

/**
 * Publishes the newest version of the content: the branch's head, or content/ as it is now.
 * One path for the webhook, `npm run publish`, the post-receive hook and the start. Every step
 * before the swap works on a new folder, so a refusal (or a failure) leaves readers' pages exactly
 * as they were; publishes queue, in this process and across instances (a lease in the database),
 * and each fetches the head only once it holds the lease, so they are never applied out of order.
 */
export function publish(via: repo.PublishVia): Promise<PublishOutcome> {
  const run = proc.queue.then(() => withLock(() => publishNow(via)));
  proc.queue = run.catch(() => undefined);
  return run;
}

async function withLock(work: () => Promise<PublishOutcome>): Promise<PublishOutcome> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  while (!(await repo.acquirePublishLock(proc.owner, new Date(), LOCK_TTL_MS))) {
    if (Date.now() > deadline) return { status: 'failed', error: 'busy', detail: 'another instance has been publishing for too long' };
    await new Promise((r) => setTimeout(r, 100));
  }
  try {
    return await work();
  } finally {
    await repo.releasePublishLock(proc.owner);
  }
}

async function publishNow(via: repo.PublishVia): Promise<PublishOutcome> {
  const source = contentSource();
  const fetched = await fetchLatest(source);
  if (!fetched.ok) {
    logEvent('error', 'publish.fetch-failed', { error: fetched.error, detail: fetched.detail });
    return { status: 'failed', error: fetched.error, detail: fetched.detail ?? fetched.error };
  }
  const { version, dir } = fetched.value;
  const current = await repo.latestPublish(source.key);
  const result = checkContent(dir);
  const problems = relativeTo(dir, result.problems);
  const warnings = problems.filter((p) => p.severity === 'warning');
  if (current?.version === version) {
    await catchUp(source);
    return { status: 'unchanged', version, warnings };
  }
  if (problems.some((p) => p.severity === 'error')) {
    await repo.recordRefusal({ source: source.key, version, via, problems });
    logEvent('warn', 'publish.refused', { version, errors: problems.filter((p) => p.severity === 'error').length });
    await mailRefusal(version, problems);
    return { status: 'refused', version, problems };
  }
  const before = current ? await loadVersion(source, current.version) : null;
  const changes = diffIssues(before ? visible(before.result) : [], visible(result), before ? { before: before.images, after: imageDigests(dir) } : undefined);
  const record = await repo.recordPublish({ source: source.key, version, via, changes: current ? changes : { ...changes, initial: true }, warnings });
  await apply(source, record, { result, dir });
  logEvent('info', 'publish.published', { version, via, ...changes });
  return { status: 'published', version, seq: record.seq, changes, warnings };
}

async function loadVersion(source: ContentSource, version: string): Promise<{ result: LoadResult; images: ImageDigests; dir: string } | null> {
  const live = liveSnapshot();
  const found = live.version === version ? { ok: true as const, value: { dir: live.dir } } : await materialize(source, version);
  if (!found.ok) return null;
  return { result: resultOf(version, found.value.dir), images: imageDigests(found.value.dir), dir: found.value.dir };
}

/**
 * Serves a published version in this process: swaps it in, then refreshes exactly the pages whose
 * bytes changed (lib/publish/changes.ts). Pages not yet refreshed keep their stored copy meanwhile,
 * so every reader gets a whole page of one version or the other.
 */
async function apply(source: ContentSource, record: repo.PublishRecord, loaded?: { result: LoadResult; dir: string }): Promise<boolean> {
  let next = loaded;
  if (!next) {
    const found = await materialize(source, record.version);
    if (!found.ok) {
      logEvent('error', 'publish.apply-failed', { version: record.version, detail: found.detail });
      return false;
    }
    next = { result: checkContent(found.value.dir), dir: found.value.dir };
    if (next.result.problems.some((p) => p.severity === 'error')) {
      logEvent('error', 'publish.apply-refused', { version: record.version });
      return false;
    }
  }
  const previous = liveSnapshot();
  const before = previous.version === 'working' && proc.appliedSeq === 0 ? null : { issues: visible(resultOf(previous.version, previous.dir)), images: imageDigests(previous.dir) };
  const after = { issues: visible(next.result), images: imageDigests(next.dir) };
  // Bodies this version did not change keep their rendering (compared here, not from the record:
  // this process may have skipped a version).
  const changed = before ? diffIssues(before.issues, after.issues, { before: before.images, after: after.images }) : null;
  const unchanged = new Set(changed ? after.issues.map((i) => i.slug).filter((s) => !changed.added.includes(s) && !changed.changed.includes(s)) : []);
  for (const hook of proc.onApplying) await hook({ record, issues: after.issues }).catch((error) => logEvent('error', 'publish.on-applying-failed', { error }));
  goLive({ version: record.version, dir: next.dir, publishedAt: record.publishedAt }, next.result, unchanged);
  touchSnapshot(next.dir);
  proc.appliedSeq = record.seq;
  // The first version a process serves is refreshed everywhere once the server takes requests (lib/publish/sync.ts).
  // A change to site.yml (title, author, accent…) shows on every page.
  if (before) await refreshPages(siteSignature(previous.dir) !== siteSignature(next.dir) ? ['*'] : pagesToRefresh(before, after));
  // Older versions' folders go, but for the last few (an instance a second behind still reads one).
  const recent = await repo.recentPublishes(source.key, 5);
  pruneSnapshots(source, new Set([record.version, previous.version, ...recent.map((r) => r.version)]));
  // Issues this publish made live (new, or no longer drafts). Every instance that applies it says
  // so; the hooks are idempotent (one newsletter per issue). A source's first publish is the
  // content as it already was, not news.
  // A process starting on a version also announces the issues whose scheduled time came since it
  // was published (perhaps while every instance was down).
  const added = new Set(record.changes.initial ? [] : record.changes.added);
  const since = record.publishedAt.getTime();
  const newlyLive = after.issues.filter((i) => added.has(i.slug) || (!before && Date.parse(i.liveAt) > since));
  proc.liveSlugs = new Set(after.issues.map((i) => i.slug));
  await announce(newlyLive);
  return true;
}

async function announce(issues: Issue[]): Promise<void> {
  if (issues.length === 0) return;
  for (const hook of proc.onLive) await hook(issues).catch((error) => logEvent('error', 'publish.on-live-failed', { error }));
}

/**
 * Each second on every instance: when a scheduled issue's time has come, refresh the pages that
 * now list it (its own page was never stored: until now its address answered 404) and announce it.
 */
export async function scheduleTick(now = new Date()): Promise<void> {
  if (proc.appliedSeq === 0 || !proc.liveSlugs) return;
  const snapshot = liveSnapshot();
  // Keep the live folder marked as in use, so that no process sharing CONTENT_CLONE_DIR prunes it.
  if (now.getTime() - proc.touchedAt > 5 * 60_000) {
    touchSnapshot(snapshot.dir, now);
    proc.touchedAt = now.getTime();
  }
  const result = loadedResult(snapshot.version, snapshot.dir);
  if (!result) return;
  const live = visible(result, now);
  const previous = proc.liveSlugs;
  if (live.length === previous.size && live.every((i) => previous.has(i.slug))) return;
  proc.liveSlugs = new Set(live.map((i) => i.slug));
  const noImages = new Map<string, string>();
  const before = result.issues.filter((i) => previous.has(i.slug));
  await refreshPages(pagesToRefresh({ issues: before, images: noImages }, { issues: live, images: noImages }));
  logEvent('info', 'publish.scheduled-live', { slugs: live.filter((i) => !previous.has(i.slug)).map((i) => i.slug) });
  await announce(live.filter((i) => !previous.has(i.slug)));
}

/** A version's checked issues: the live one is already loaded; another is read from its folder. */
function resultOf(version: string, dir: string): LoadResult {
  return loadedResult(version, dir) ?? checkContent(dir);
}


/** Applies the newest publish of this source if this process serves an older one (another instance published it). */
export async function catchUp(source: ContentSource = contentSource()): Promise<boolean> {
  const seq = await repo.latestSeq(source.key);
  if (seq === null || seq <= proc.appliedSeq) return false;
  const record = await repo.latestPublish(source.key);
  if (!record) return false;
  return apply(source, record);
}

/**
 * For a command (newsletter:send, comments:import…): read the published version, as the server
 * does, instead of whatever the content folder holds now. Without any publish yet, the folder.
 */
export async function useLiveContent(): Promise<void> {
  await catchUp(contentSource());
}

/** The publish this process serves. */
export function appliedSeq(): number {
  return proc.appliedSeq;
}

/** A published version as an instance applies it: its record (what it changed against the publish before) and the issues readers see. */
export type AppliedVersion = { record: repo.PublishRecord; issues: Issue[] };

/**
 * Registers work to do as each instance applies a version, before its pages are refreshed (called
 * once per process). Every instance that applies a version runs it, whichever process published it
 * (the server, `npm run publish`): the hooks are idempotent.
 */
export function onVersionApplied(hook: (applied: AppliedVersion) => Promise<void>): void {
  proc.onApplying.push(hook);
}

/** Registers work to do when issues first go live (called once per process). */
export function onIssuesLive(hook: (issues: Issue[]) => Promise<void>): void {
  proc.onLive.push(hook);
}

async function mailRefusal(version: string, problems: ContentProblem[]): Promise<void> {
  const env = getEnv();
  const mail = refusalEmail({ siteTitle: env.SITE_TITLE, version, problems });
  const sent = await sendMail({ to: env.AUTHOR_EMAIL, ...mail });
  if (!sent.ok) logEvent('warn', 'publish.refusal-mail-failed', { error: sent.error });
}

/** For tests: forget what this process serves, as a new process would. */
export function resetPublishingForTest(): void {
  proc.appliedSeq = 0;
  proc.liveSlugs = null;
  proc.onLive.length = 0;
  proc.onApplying.length = 0;
}
