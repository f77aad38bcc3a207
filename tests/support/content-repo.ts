/**
 * A real content repository for publishing tests: a bare repository (what GitHub or the author's
 * server holds) and a working clone the test writes issues in, commits and pushes, with git.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export type ContentRepo = {
  /** The bare repository: CONTENT_GIT_URL. */
  url: string;
  work: string;
  root: string;
  write: (file: string, text: string) => void;
  remove: (file: string) => void;
  /** Commits everything and pushes to `branch` (default main); returns the commit id. */
  push: (message: string, branch?: string) => string;
  /** Commits and pushes with extra environment for the repository's hooks; returns what git printed. */
  pushWithOutput: (message: string, env: Record<string, string>) => string;
  cleanup: () => void;
};

const GIT_ENV = { ...process.env, GIT_AUTHOR_NAME: 'Robin', GIT_AUTHOR_EMAIL: 'robin@example.com', GIT_COMMITTER_NAME: 'Robin', GIT_COMMITTER_EMAIL: 'robin@example.com' };
const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, env: GIT_ENV, encoding: 'utf8' }).trim();

export function createContentRepo(files: Record<string, string> = {}): ContentRepo {
  const root = mkdtempSync(path.join(os.tmpdir(), 'masthead-content-repo-'));
  const url = path.join(root, 'origin.git');
  const work = path.join(root, 'work');
  git(root, 'init', '--quiet', '--bare', '--initial-branch=main', url);
  git(root, 'init', '--quiet', '--initial-branch=main', work);
  git(work, 'remote', 'add', 'origin', url);
  const repo: ContentRepo = {
    url,
    work,
    root,
    write: (file, text) => {
      mkdirSync(path.dirname(path.join(work, file)), { recursive: true });
      writeFileSync(path.join(work, file), text);
    },
    remove: (file) => rmSync(path.join(work, file)),
    push: (message, branch = 'main') => {
      git(work, 'add', '-A');
      git(work, 'commit', '--quiet', '--allow-empty', '-m', message);
      git(work, 'push', '--quiet', '--force', 'origin', `HEAD:refs/heads/${branch}`);
      return git(work, 'rev-parse', 'HEAD');
    },
    pushWithOutput: (message, env) => {
      git(work, 'add', '-A');
      git(work, 'commit', '--quiet', '-m', message);
      const r = spawnSync('git', ['push', 'origin', 'HEAD:refs/heads/main'], { cwd: work, env: { ...GIT_ENV, ...env }, encoding: 'utf8' });
      return `${r.stdout}${r.stderr}`;
    },
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
  for (const [file, text] of Object.entries(files)) repo.write(file, text);
  if (Object.keys(files).length) repo.push('First issues');
  return repo;
}

/** An issue file of the fixture newsletter (not the sample one): frontmatter and a body. */
export function issueFile(p: { title: string; date?: string; summary?: string; tags?: string[]; body?: string; extra?: string }): string {
  return [
    '---',
    `title: ${JSON.stringify(p.title)}`,
    `date: ${p.date ?? '2025-01-15'}`,
    `summary: ${JSON.stringify(p.summary ?? `What ${p.title} is about.`)}`,
    ...(p.tags ? [`tags: [${p.tags.join(', ')}]`] : []),
    ...(p.extra ? [p.extra] : []),
    '---',
    '',
    p.body ?? `The body of ${p.title}.`,
    '',
  ].join('\n');
}

/** The GitHub and Gitea signature of a body. */
export function signBody(secret: string, body: string): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

/** A GitHub push delivery for `branch`: the body and its headers. */
export function githubPush(secret: string, branch = 'main'): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify({ ref: `refs/heads/${branch}`, before: '0'.repeat(40), after: '1'.repeat(40), commits: [] });
  return { body, headers: { 'content-type': 'application/json', 'x-github-event': 'push', 'x-hub-signature-256': `sha256=${signBody(secret, body)}` } };
}
