// The author's site.yml, as a new author uses it: `content:check` names each problem with its fix,
// a publish refuses a broken one and leaves the site as it was, and a publish that changes it shows
// on every page (not only the pages whose issues changed), through the production server.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type Server } from '../../bench/server';
import { buildIfNeeded } from '../scale/global-setup';

const SITE = `title: Field Notes Weekly
description: A fixture publication about lab notebooks.
language: en-GB
author:
  name: Sam Reyes
  bio: Keeps notebooks, writes about them.
  links:
    mastodon: https://hachyderm.io/@samreyes
    github: https://github.com/samreyes
navigation:
  - { label: Start here, href: /keeping-a-lab-notebook }
  - { label: Archive, href: /archive }
accent: "#7a3b00"
footer: Written on Tuesdays.
`;

function content(site: string | null): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'masthead-site-file-'));
  const dir = path.join(root, 'content');
  cpSync(path.resolve('tests/fixtures/content'), dir, { recursive: true });
  if (site !== null) writeFileSync(path.join(dir, 'site.yml'), site);
  return dir;
}

function run(script: string, env: Record<string, string>) {
  const result = spawnSync('npm', ['run', '--silent', script], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 120_000 });
  return { code: result.status, out: result.stdout + result.stderr };
}

describe('npm run content:check on site.yml', () => {
  it('reports each field wrong with its fix, and fails', () => {
    const dir = content('title: Field Notes\nlanguage: English\nauthor:\n  name: Sam\n  avatar: /images/site/me.png\naccent: "#f5c400"\ncolour: red\n');
    const { code, out } = run('content:check', { CONTENT_DIR: dir });
    expect(code).toBe(1);
    const file = path.relative(process.cwd(), path.join(dir, 'site.yml'));
    const lines = out.split('\n').filter((l) => l.startsWith('error ') && l.includes('site.yml'));
    expect(lines).toEqual([
      `error ${file}: description: is missing`,
      `error ${file}: language: is not a language tag like "en" or "en-GB"`,
      `error ${file}: colour: is not a site.yml field`,
    ]);
    expect(out).toContain('fix: check the spelling against the README (site.yml)');
  }, 60_000);

  it('refuses an accent readers could not read, naming the ratio', () => {
    const dir = content(SITE.replace('#7a3b00', '#f5c400'));
    const { code, out } = run('content:check', { CONTENT_DIR: dir });
    expect(code).toBe(1);
    expect(out).toMatch(/accent: #f5c400 fails WCAG AA for links and buttons on the page background in light mode \(1\.\d+:1, needs 4\.5:1\)/);
  }, 60_000);
});

describe('site.yml on the running site', () => {
  let server: Server;
  let dir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    buildIfNeeded();
    dir = content(SITE);
    const root = path.dirname(dir);
    env = { CONTENT_DIR: dir, CONTENT_CLONE_DIR: path.join(root, 'store'), DATABASE_URL: `file:${path.join(root, 'site.db')}` };
    server = await startServer('site-file', env);
  }, 600_000);
  afterAll(async () => {
    await server?.kill('SIGTERM');
  });

  const page = async (p: string) => (await fetch(`${server.url}${p}`)).text();

  it('shows the author’s title, language, navigation, accent, author box and footer', async () => {
    const html = await page('/the-quiet-migration');
    expect(html).toContain('<html lang="en-GB">');
    expect(html).toContain('<title>The quiet migration · Field Notes Weekly</title>');
    expect(html).toContain('<li><a href="/keeping-a-lab-notebook">Start here</a></li>');
    expect(html).not.toContain('<li><a href="/feed.xml">RSS</a></li>');
    expect(html).toContain(':root{--accent:#7a3b00;');
    expect(html).toMatch(/<aside class="author-box" aria-label="About the author">[\s\S]*Written by <strong>Sam Reyes<\/strong>[\s\S]*Keeps notebooks, writes about them\.[\s\S]*<a href="https:\/\/hachyderm\.io\/@samreyes" rel="me noopener">Mastodon<\/a>/);
    expect(html).toContain('<p class="site-footer-note">Written on Tuesdays.</p>');
    expect(await page('/feed.xml')).toContain('<title>Field Notes Weekly</title>');
  });

  it('refuses a publish that breaks site.yml and keeps serving the last good one', async () => {
    writeFileSync(path.join(dir, 'site.yml'), SITE.replace('name: Sam Reyes', 'name: ""'));
    const { code, out } = run('publish', env);
    expect(code).not.toBe(0);
    expect(out).toContain('author.name');
    expect(await page('/the-quiet-migration')).toContain('Written by <strong>Sam Reyes</strong>');
  }, 120_000);

  it('shows a changed site.yml on every page, including issues the publish did not touch', async () => {
    // Read first, so the pages are stored (and would be served as they were without a refresh).
    for (const p of ['/', '/the-quiet-migration', '/archive']) expect(await page(p)).toContain('Field Notes Weekly');
    writeFileSync(path.join(dir, 'site.yml'), SITE.replace('title: Field Notes Weekly', 'title: Field Notes Monthly'));
    const { code, out } = run('publish', env);
    expect(code, out).toBe(0);
    const deadline = Date.now() + 15_000;
    let seen: string[] = [];
    while (Date.now() < deadline) {
      seen = await Promise.all(['/', '/the-quiet-migration', '/archive', '/tags/operations'].map(page));
      if (seen.every((h) => h.includes('Field Notes Monthly'))) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(seen.map((h) => h.includes('Field Notes Monthly') && !h.includes('Field Notes Weekly'))).toEqual([true, true, true, true]);
  }, 120_000);
});
