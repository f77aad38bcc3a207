// Lighthouse scores for reader pages, on Debian's Chromium against a production build.
// `npm run bench:lighthouse [-- --path /boring-infrastructure --path /]`. Lighthouse's default
// profile: a mobile device with simulated slow 4G and CPU throttling.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const ROOT = path.resolve(import.meta.dirname, '..');
const PORT = 3457;
const CHROME = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = '--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run';

type Report = { categories: Record<string, { score: number | null }>; audits: Record<string, { id: string; score: number | null; scoreDisplayMode: string; displayValue?: string }> };

const { values } = parseArgs({ options: { path: { type: 'string', multiple: true } } });
const paths = values.path?.length ? values.path : ['/boring-infrastructure', '/'];

async function main(): Promise<void> {
  if (!existsSync(path.join(ROOT, '.next', 'BUILD_ID'))) {
    const built = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
    if (built.status !== 0) process.exit(1);
  }
  const server = spawn(process.execPath, [path.join(ROOT, 'node_modules/next/dist/bin/next'), 'start', '-p', String(PORT)], {
    cwd: ROOT,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    stdio: 'ignore',
  });
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'masthead-lh-'));
  let failed = false;
  try {
    await waitForServer(`http://127.0.0.1:${PORT}/`);
    for (const p of paths) {
      const out = path.join(tmp, 'report.json');
      const run = spawnSync(
        path.join(ROOT, 'node_modules/.bin/lighthouse'),
        [`http://127.0.0.1:${PORT}${p}`, '--quiet', `--chrome-flags=${FLAGS}`, '--output=json', `--output-path=${out}`,
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
      for (const audit of Object.values(report.audits)) {
        const scored = audit.scoreDisplayMode === 'binary' || audit.scoreDisplayMode === 'numeric' || audit.scoreDisplayMode === 'metricSavings';
        if (scored && audit.score !== null && audit.score < 1) console.log(`  - ${audit.id}: ${audit.score}${audit.displayValue ? ` (${audit.displayValue})` : ''}`);
      }
    }
  } finally {
    server.kill('SIGTERM');
    rmSync(tmp, { recursive: true, force: true });
  }
  process.exit(failed ? 1 : 0);
}

async function waitForServer(url: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`server did not answer at ${url}`);
}

void main();
