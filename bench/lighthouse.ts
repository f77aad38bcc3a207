// Lighthouse scores for reader pages, on Debian's Chromium against a production build (the server
// readers get: scripts/server.mjs). `npm run bench:lighthouse [-- --path /boring-infrastructure --path /]`;
// `--content <folder>` serves another newsletter, e.g. `-- --content tests/fixtures/figures --path
// /a-picture-essay` for an issue with PNG figures. Lighthouse's default profile: a mobile device
// with simulated slow 4G and CPU throttling. `--audit <id>` fails the run unless that audit passes.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startServer } from './server';

const ROOT = path.resolve(import.meta.dirname, '..');
const CHROME = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = '--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run';

type Report = { categories: Record<string, { score: number | null }>; audits: Record<string, { id: string; score: number | null; scoreDisplayMode: string; displayValue?: string }> };

const { values } = parseArgs({ options: { path: { type: 'string', multiple: true }, content: { type: 'string' }, audit: { type: 'string', multiple: true } } });
const paths = values.path?.length ? values.path : ['/boring-infrastructure', '/'];

async function main(): Promise<void> {
  if (!existsSync(path.join(ROOT, '.next', 'BUILD_ID'))) {
    const built = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
    if (built.status !== 0) process.exit(1);
  }
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'masthead-lh-'));
  const content = path.join(tmp, 'content');
  cpSync(path.resolve(values.content ?? 'content'), content, { recursive: true });
  const server = await startServer('lighthouse', { CONTENT_DIR: content, CONTENT_CLONE_DIR: path.join(tmp, 'store') });
  let failed = false;
  try {
    // Pages and images made once before measuring, as a reader after the first would find them.
    for (const p of paths) await warm(`${server.url}${p}`);
    for (const p of paths) {
      const out = path.join(tmp, 'report.json');
      const run = spawnSync(
        path.join(ROOT, 'node_modules/.bin/lighthouse'),
        [`${server.url}${p}`, '--quiet', `--chrome-flags=${FLAGS}`, '--output=json', `--output-path=${out}`,
          '--only-categories=performance,accessibility,best-practices,seo'],
        { env: { ...process.env, CHROME_PATH: CHROME }, encoding: 'utf8' },
      );
      if (run.status !== 0) {
        console.error(`lighthouse failed for ${p}:\n${run.stderr}`);
        failed = true;
        continue;
      }
      const report = JSON.parse(readFileSync(out, 'utf8')) as Report;
      const scores = Object.entries(report.categories).map(([k, v]) => `${k} ${Math.round((v.score ?? 0) * 100)}`);
      console.log(`${p}: ${scores.join(', ')}`);
      for (const id of values.audit ?? []) {
        const audit = report.audits[id];
        if (!audit || audit.score !== 1) {
          console.error(`  ✗ ${id}: ${audit ? audit.score : 'not in the report'}${audit?.displayValue ? ` (${audit.displayValue})` : ''}`);
          failed = true;
        } else console.log(`  ✓ ${id}`);
      }
      for (const audit of Object.values(report.audits)) {
        const scored = audit.scoreDisplayMode === 'binary' || audit.scoreDisplayMode === 'numeric' || audit.scoreDisplayMode === 'metricSavings';
        if (scored && audit.score !== null && audit.score < 1) console.log(`  - ${audit.id}: ${audit.score}${audit.displayValue ? ` (${audit.displayValue})` : ''}`);
      }
    }
  } finally {
    await server.kill('SIGTERM');
    rmSync(tmp, { recursive: true, force: true });
  }
  process.exit(failed ? 1 : 0);
}

/** Reads a page and every image variant it names, so none is made while Lighthouse measures. */
async function warm(url: string): Promise<void> {
  const html = await (await fetch(url)).text();
  const addresses = new Set([...html.matchAll(/(\/images\/[^\s",]+@\d+\.[0-9a-f]{10}\.(?:avif|webp))/g)].map((m) => m[1]!));
  for (const a of addresses) await (await fetch(new URL(a, url))).arrayBuffer();
}

void main();
