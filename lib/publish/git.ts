import 'server-only';
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { childProcessEnv, getEnv } from '../env';
import { err, ok, type Result } from '../result';

/**
 * The few git commands publishing needs, run with the `git` program (2.x) on a bare clone the
 * server keeps under CONTENT_CLONE_DIR. Nothing here takes a shell: arguments are passed as a list,
 * and the URL and branch come from the operator's settings, after `--` where git allows it.
 */
// Never wait for a password or a host-key prompt on a server with no terminal (GIT_SSH_COMMAND's default too).
const gitEnv = () => childProcessEnv({ GIT_TERMINAL_PROMPT: '0', GIT_SSH_COMMAND: getEnv().GIT_SSH_COMMAND, LC_ALL: 'C' });
const TIMEOUT_MS = 120_000;
// `ext::` addresses run a command of the address's choosing: never, whatever the git config says.
const HARDENING = ['-c', 'protocol.ext.allow=never'];

export type GitError = 'git-failed';

export function git(args: string[], cwd?: string): Promise<Result<string, GitError> & { stderr?: string }> {
  return new Promise((resolve) => {
    execFile('git', [...HARDENING, ...args], { cwd, env: gitEnv(), timeout: TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) resolve({ ...err('git-failed'), stderr: String(stderr || error.message).trim().slice(0, 2000) });
      else resolve(ok(String(stdout).trim()));
    });
  });
}

/** A branch name git itself accepts (`git check-ref-format --branch`), so it can go in a refspec. */
export async function isValidBranch(branch: string): Promise<boolean> {
  if (branch.startsWith('-')) return false;
  if (validBranches.has(branch)) return true;
  const r = await git(['check-ref-format', '--branch', branch]);
  if (r.ok) validBranches.add(branch);
  return r.ok;
}

// Each git command is a process spawned from a large server (slow to fork): what cannot change is
// asked once per process.
const validBranches = new Set<string>();
const clones = new Map<string, string>();

/** Makes a bare clone at `dir` unless one is there. */
export async function ensureClone(url: string, dir: string): Promise<Result<void, GitError> & { stderr?: string }> {
  if (clones.get(dir) === url && existsSync(dir)) return ok(undefined);
  const there = await git(['--git-dir', dir, 'rev-parse', '--is-bare-repository']);
  if (there.ok && there.value === 'true') {
    const remote = await git(['--git-dir', dir, 'remote', 'get-url', 'origin']);
    if (remote.ok && remote.value === url) {
      clones.set(dir, url);
      return ok(undefined);
    }
  }
  const made = await git(['init', '--bare', '--quiet', dir]);
  if (!made.ok) return made;
  // Replace any remote left by an earlier CONTENT_GIT_URL.
  await git(['--git-dir', dir, 'remote', 'remove', 'origin']);
  const remote = await git(['--git-dir', dir, 'remote', 'add', 'origin', '--', url]);
  if (remote.ok) clones.set(dir, url);
  return remote.ok ? ok(undefined) : remote;
}

/** Fetches the branch into refs/heads/<branch> and returns the commit it points at. */
export async function fetchBranch(dir: string, branch: string): Promise<Result<string, GitError> & { stderr?: string }> {
  let fetched = await git(['--git-dir', dir, 'fetch', '--quiet', '--no-tags', 'origin', `+refs/heads/${branch}:refs/heads/${branch}`]);
  // Two instances sharing one clone may fetch at the same moment: git's ref locks make one of them fail; try again.
  for (let attempt = 0; !fetched.ok && /lock/i.test(fetched.stderr ?? '') && attempt < 5; attempt++) {
    await new Promise((r) => setTimeout(r, 200 * (attempt + 1)));
    fetched = await git(['--git-dir', dir, 'fetch', '--quiet', '--no-tags', 'origin', `+refs/heads/${branch}:refs/heads/${branch}`]);
  }
  if (!fetched.ok) return fetched;
  return git(['--git-dir', dir, 'rev-parse', '--verify', `refs/heads/${branch}^{commit}`]);
}

/** Whether the clone already has the commit (another instance published it; no fetch needed). */
export async function hasCommit(dir: string, commit: string): Promise<boolean> {
  return (await git(['--git-dir', dir, 'cat-file', '-e', `${commit}^{commit}`])).ok;
}

export async function fetchCommit(dir: string, branch: string, commit: string): Promise<boolean> {
  if (await hasCommit(dir, commit)) return true;
  const head = await fetchBranch(dir, branch);
  // Usually the head is the commit asked for: no third process to find out.
  return (head.ok && head.value === commit) || hasCommit(dir, commit);
}

/** The commit's one-line subject and author time, for /admin and the publish report. */
export async function describeCommit(dir: string, commit: string): Promise<{ subject: string; at: string } | null> {
  const r = await git(['--git-dir', dir, 'log', '-1', '--format=%cI%x00%s', commit]);
  if (!r.ok) return null;
  const [at = '', subject = ''] = r.value.split('\0');
  return { subject, at };
}

/** Writes the commit's files into `dest` (an empty folder): `git archive` piped into `tar -x`. */
export function exportCommit(dir: string, commit: string, dest: string): Promise<Result<void, GitError> & { stderr?: string }> {
  return new Promise((resolve) => {
    const archive = spawn('git', [...HARDENING, '--git-dir', dir, 'archive', '--format=tar', commit], { env: gitEnv() });
    const tar = spawn('tar', ['-x', '-C', dest], { env: gitEnv() });
    let stderr = '';
    archive.stderr.on('data', (d) => (stderr += d));
    tar.stderr.on('data', (d) => (stderr += d));
    archive.stdout.pipe(tar.stdin);
    let codes = 0;
    let failed = false;
    const done = (code: number | null) => {
      if (code !== 0) failed = true;
      if (++codes === 2) resolve(failed ? { ...err('git-failed'), stderr: stderr.trim().slice(0, 2000) } : ok(undefined));
    };
    archive.on('close', done);
    tar.on('close', done);
    archive.on('error', () => done(1));
    tar.on('error', () => done(1));
  });
}
