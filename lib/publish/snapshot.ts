import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { getEnv } from '../env';
import { err, ok, type Result } from '../result';
import { ensureClone, exportCommit, fetchBranch, fetchCommit, isValidBranch } from './git';

/**
 * Where the content comes from: a branch of a git repository (CONTENT_GIT_URL, CONTENT_GIT_BRANCH),
 * or, without one, the checkout's own content folder (CONTENT_DIR). Either way a version is copied
 * into a folder of its own under CONTENT_CLONE_DIR/snapshots before it is checked, so the folder
 * pages read never changes under them and a refused version never reaches them.
 */
export type ContentSource =
  | { kind: 'git'; key: string; url: string; branch: string; cloneDir: string; snapshotsDir: string }
  | { kind: 'local'; key: 'local'; dir: string; snapshotsDir: string };

export type FetchError = 'fetch-failed' | 'bad-branch' | 'missing-version';
export type FetchFailure = { error: FetchError; detail: string };

export function contentSource(): ContentSource {
  const env = getEnv();
  const store = path.resolve(/*turbopackIgnore: true*/ process.cwd(), env.CONTENT_CLONE_DIR);
  const snapshotsDir = path.join(store, 'snapshots');
  if (!env.CONTENT_GIT_URL) return { kind: 'local', key: 'local', dir: path.resolve(/*turbopackIgnore: true*/ process.cwd(), env.CONTENT_DIR), snapshotsDir };
  const key = `${env.CONTENT_GIT_URL}#${env.CONTENT_GIT_BRANCH}`;
  // One clone per repository address, so changing CONTENT_GIT_URL never mixes two histories.
  const cloneDir = path.join(store, `repo-${createHash('sha256').update(env.CONTENT_GIT_URL).digest('hex').slice(0, 12)}.git`);
  return { kind: 'git', key, url: env.CONTENT_GIT_URL, branch: env.CONTENT_GIT_BRANCH, cloneDir, snapshotsDir };
}

export type Fetched = { version: string; dir: string };

/** The newest version: the branch's head (fetched now), or the content folder as it is now. */
export async function fetchLatest(source: ContentSource): Promise<Result<Fetched, FetchError> & { detail?: string }> {
  if (source.kind === 'local') {
    if (!existsSync(source.dir)) return { ...err('fetch-failed'), detail: `the content folder ${source.dir} does not exist` };
    const version = `local-${hashFolder(source.dir)}`;
    const dir = snapshotDir(source, version);
    if (!existsSync(dir)) await placeAtomically(dir, async (tmp) => cpSync(source.dir, tmp, { recursive: true, filter: (src) => !path.basename(src).startsWith('.') || src === source.dir }));
    return ok({ version, dir });
  }
  if (!(await isValidBranch(source.branch))) return { ...err('bad-branch'), detail: `CONTENT_GIT_BRANCH "${source.branch}" is not a branch name` };
  const cloned = await ensureClone(source.url, source.cloneDir);
  if (!cloned.ok) return { ...err('fetch-failed'), detail: cloned.stderr ?? 'git init failed' };
  const head = await fetchBranch(source.cloneDir, source.branch);
  if (!head.ok) return { ...err('fetch-failed'), detail: head.stderr ?? 'git fetch failed' };
  return materialize(source, head.value);
}

/** The folder of a version already published (by this instance or another): made from the clone if missing. */
export async function materialize(source: ContentSource, version: string): Promise<Result<Fetched, FetchError> & { detail?: string }> {
  const dir = snapshotDir(source, version);
  if (existsSync(dir)) return ok({ version, dir });
  if (source.kind === 'local') {
    // Another process made it on this machine, or content/ still holds exactly that version.
    if (existsSync(source.dir) && `local-${hashFolder(source.dir)}` === version) return fetchLatest(source);
    return { ...err('missing-version'), detail: `snapshot ${version} is not on this machine` };
  }
  if (!/^[0-9a-f]{40}(?:[0-9a-f]{24})?$/.test(version)) return { ...err('missing-version'), detail: `${version} is not a commit id` };
  const cloned = await ensureClone(source.url, source.cloneDir);
  if (!cloned.ok) return { ...err('fetch-failed'), detail: cloned.stderr ?? 'git init failed' };
  if (!(await fetchCommit(source.cloneDir, source.branch, version))) return { ...err('missing-version'), detail: `commit ${version} is not on ${source.branch}` };
  let failure: string | null = null;
  await placeAtomically(dir, async (tmp) => {
    const r = await exportCommit(source.cloneDir, version, tmp);
    if (!r.ok) failure = r.stderr ?? 'git archive failed';
  });
  return failure ? { ...err('fetch-failed'), detail: failure } : ok({ version, dir });
}

function snapshotDir(source: ContentSource, version: string): string {
  return path.join(source.snapshotsDir, version);
}

/** Fills a temporary folder, then renames it into place: readers of `dir` see all of it or nothing. */
async function placeAtomically(dir: string, fill: (tmp: string) => Promise<void>): Promise<void> {
  const tmp = `${dir}.tmp-${randomBytes(6).toString('hex')}`;
  mkdirSync(tmp, { recursive: true });
  try {
    await fill(tmp);
    settle(tmp, dir);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

function settle(tmp: string, dir: string): void {
  try {
    renameSync(tmp, dir);
  } catch (e) {
    // Another process placed the same version first: theirs is identical.
    if (!existsSync(dir)) throw e;
  }
}

/** Every file below `root` (dot files and folders skipped), in a stable order, with its path relative to `root`. */
function* filesOf(root: string, dir = root): Generator<{ file: string; relative: string }> {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith('.')) continue;
    const file = path.join(dir, name);
    const stat = statSync(file);
    if (stat.isDirectory()) yield* filesOf(root, file);
    else if (stat.isFile()) yield { file, relative: path.relative(root, file) };
  }
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** A hash of every file's path and bytes (dot files skipped), so the same folder is the same version. */
export function hashFolder(root: string): string {
  const hash = createHash('sha256');
  for (const { file, relative } of filesOf(root)) hash.update(relative).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex').slice(0, 16);
}

// A version's folder never changes: its digests are computed once (the two newest are kept).
const digestsByDir = new Map<string, Map<string, string>>();

/** Every image of a version (its images/ folder), by address, with a hash of its bytes: to see an image replaced under the same name. */
export function imageDigests(dir: string): Map<string, string> {
  const known = digestsByDir.get(dir);
  if (known) return known;
  const images = new Map<string, string>();
  for (const { file, relative } of filesOf(dir, path.join(dir, 'images'))) images.set(`/${relative.split(path.sep).join('/')}`, sha256(readFileSync(file)));
  digestsByDir.set(dir, images);
  while (digestsByDir.size > 2) digestsByDir.delete(digestsByDir.keys().next().value!);
  return images;
}

/**
 * The author's site settings of a version (site.yml and the images it names): every page shows
 * them, so a publish that changes them refreshes every page.
 */
export function siteSignature(dir: string): string {
  const file = path.join(dir, 'site.yml');
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const images = imageDigests(dir);
  const named = [...text.matchAll(/\/images\/[\w./-]+/g)].map((m) => [m[0], images.get(m[0]) ?? null]);
  return sha256(Buffer.from(JSON.stringify([text, named])));
}

/** A folder untouched this long is no process's live version (each touches its own: `touchSnapshot`). */
const UNUSED_MS = 60 * 60 * 1000;

/**
 * Removes snapshot folders other than the ones to keep (the live one and the few before it), and
 * only once no process has touched them for an hour: another process sharing the folder (a second
 * instance on this machine, a command) may serve one this process does not know about.
 */
export function pruneSnapshots(source: ContentSource, keep: Set<string>, now = Date.now()): void {
  if (!existsSync(source.snapshotsDir)) return;
  for (const name of readdirSync(source.snapshotsDir)) {
    if (keep.has(name)) continue;
    const dir = path.join(source.snapshotsDir, name);
    if (now - statSync(dir).mtimeMs < UNUSED_MS) continue;
    // In the background: removing 500 issues' files must not hold up the server.
    void rm(dir, { recursive: true, force: true }).catch(() => undefined);
  }
}

/** Marks a version's folder as in use (at each apply, and every few minutes while it is live). */
export function touchSnapshot(dir: string, now = new Date()): void {
  try {
    utimesSync(dir, now, now);
  } catch {
    /* gone: the next apply makes it again */
  }
}
