// Publishing by git push on 500 issues (issue 11, "Performance"): a generated content repository
// (bench/publish-content.ts), two production instances on one PostgreSQL database, each with its
// own clone. Per publish: the webhook's answer on A and the new issue's first 200 on A and on B,
// with 50 connections reading issue pages of both throughout. Then a refused push, with the pages
// of both instances compared byte for byte before and after; memory; and the same content through
// a full `npm run build` in a copy of the checkout, for comparison.
// `npm run bench:publish [-- --issues 500 --publishes 5 --connections 50 --no-build]`
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createContentRepo, githubPush, type ContentRepo } from '../tests/support/content-repo';
import { buildIfNeeded } from '../tests/scale/global-setup';
import { createDatabase, ROOT, startInstance, type Instance } from '../tests/scale/support';
import { median } from './lib';
import { loadAverage, rssMb, timeFullBuild } from './publish-build';
import { generateIssue, generateNewsletter, slugOf, TAGS } from './publish-content';
import { comparePages, copyPages, settledCopy, startReaders, timeTo200, type PageCopy } from './publish-readers';
import { percentile } from './server';

const { values } = parseArgs({
  options: {
    issues: { type: 'string', default: '500' },
    publishes: { type: 'string', default: '5' },
    connections: { type: 'string', default: '50' },
    'no-build': { type: 'boolean', default: false },
    'cpu-prof': { type: 'string' },
  },
});
const ISSUES = Number(values.issues);
const PUBLISHES = Number(values.publishes);
const CONNECTIONS = Number(values.connections);
const POSTGRES = process.env.BENCH_POSTGRES_URL ?? process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SECRET = 'bench-publish-secret-0123456789abcdef';
const TARGET_MS = 5_000;

type PublishSample = { n: number; webhookMs: number; webhookStatus: number; aMs: number; bMs: number; load: string; readers: boolean };

function writeFiles(repo: ContentRepo, files: Record<string, string | Buffer>): void {
  for (const [file, bytes] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(repo.work, file)), { recursive: true });
    writeFileSync(path.join(repo.work, file), bytes);
  }
}

/** A signed GitHub push delivery to `base`, on a connection of its own; status 0 when the connection is lost before an answer. */
function webhook(base: string): Promise<{ status: number; body: string }> {
  const { body, headers } = githubPush(SECRET);
  return new Promise((resolve) => {
    const req = http.request(`${base}/api/publish`, { method: 'POST', agent: false, headers: { ...headers, connection: 'close' } }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      res.on('error', (error) => resolve({ status: 0, body: error.message }));
    });
    req.on('error', (error) => resolve({ status: 0, body: error.message }));
    req.end(body);
  });
}

/** Pushes issue `n`, calls the webhook of A, and times the new page's first 200 on A and on B. */
async function publishOne(repo: ContentRepo, a: Instance, b: Instance, n: number, readers: boolean): Promise<PublishSample> {
  writeFiles(repo, generateIssue(n).files);
  repo.push(`Issue ${n}`);
  const slug = slugOf(n);
  const started = performance.now();
  const answered = webhook(a.url).then((r) => ({ ...r, ms: performance.now() - started }));
  const [hook, aMs, bMs] = await Promise.all([answered, timeTo200(`${a.url}/${slug}`, started), timeTo200(`${b.url}/${slug}`, started)]);
  // The page's first 200 is the measure; a webhook that lost its connection is reported beside it.
  if (hook.status !== 200) console.log(`publish of ${slug}: the webhook answered ${hook.status || 'nothing'} after ${fmt(hook.ms)}: ${hook.body.slice(0, 300)}`);
  return { n, webhookMs: hook.ms, webhookStatus: hook.status, aMs, bMs, load: loadAverage(), readers };
}

/** The pages the refusal must leave alone: the lists, feeds, sitemap, tags and a sample of issues. */
function comparedPaths(live: string[]): string[] {
  const sample = live.filter((_, i) => i % Math.max(1, Math.floor(live.length / 60)) === 0);
  return ['/', '/archive', '/feed.xml', '/atom.xml', '/sitemap.xml', ...TAGS.map((t) => `/tags/${t}`), ...sample.map((s) => `/${s}`)];
}

async function refusal(repo: ContentRepo, a: Instance, b: Instance, live: string[]) {
  const paths = comparedPaths(live);
  const settled = await Promise.all([settledCopy(a.url, paths), settledCopy(b.url, paths)]);
  const before = settled.map((s) => s.copy) as [PageCopy, PageCopy];
  const bad = generateIssue(ISSUES + PUBLISHES + 1, { extraBody: '![](/images/not-there.png)\n\nSee [a missing issue](/no-such-issue).' });
  writeFiles(repo, bad.files);
  repo.push('An issue with two errors');
  const started = performance.now();
  const hook = await webhook(a.url);
  const hookMs = performance.now() - started;
  if (hook.status !== 422) console.log(`refusal answered ${hook.status}: ${hook.body.slice(0, 500)}\nA's stderr: ${a.stderr().slice(-3000)}`);
  // Two sync ticks (one a second) on B: it must not pick the refused commit up either.
  await new Promise((r) => setTimeout(r, 2_500));
  const after = await Promise.all([copyPages(a.url, paths), copyPages(b.url, paths)]);
  const newPage = await Promise.all([a, b].map(async (i) => (await fetch(`${i.url}/${bad.slug}`)).status));
  // Put the content right again for what follows.
  repo.remove(`${bad.slug}.md`);
  repo.push('Without the broken issue');
  const problems = hook.status === 422 ? ((JSON.parse(hook.body) as { problems: unknown[] }).problems.length) : NaN;
  return { status: hook.status, hookMs, problems, paths: paths.length, settleRounds: settled.map((s) => s.rounds), newPage, a: comparePages(before[0], after[0]), b: comparePages(before[1], after[1]) };
}

/** With --cpu-prof <dir>: each instance writes a V8 CPU profile there when it exits. */
function profiling(store: string): string[] {
  const dir = values['cpu-prof'];
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(dir)}`, `--cpu-prof-name=${path.basename(store)}.cpuprofile`] : [];
}

const fmt = (ms: number) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(2)} s` : 'never');

async function main() {
  buildIfNeeded();
  const loadAtStart = loadAverage();
  const repo = createContentRepo();
  const stores = [mkdtempSync(path.join(os.tmpdir(), 'masthead-clone-a-')), mkdtempSync(path.join(os.tmpdir(), 'masthead-clone-b-'))];
  const database = await createDatabase(POSTGRES);
  const instances: Instance[] = [];
  try {
    let t = performance.now();
    writeFiles(repo, generateNewsletter(ISSUES));
    repo.push(`${ISSUES} issues`);
    console.log(`content: ${ISSUES} issues generated and pushed in ${fmt(performance.now() - t)}`);
    const env = (store: string) => ({ DATABASE_URL: database.url, CONTENT_GIT_URL: repo.url, CONTENT_GIT_BRANCH: 'main', CONTENT_CLONE_DIR: store, PUBLISH_SECRET: SECRET, VIEWS: 'off', LOG_LEVEL: 'warn' });
    const starts: number[] = [];
    for (const [i, store] of stores.entries()) {
      t = performance.now();
      instances.push(await startInstance(i === 0 ? 'a' : 'b', env(store), profiling(store)));
      starts.push(performance.now() - t);
    }
    const [a, b] = instances as [Instance, Instance];
    const rssIdle = instances.map((i) => rssMb(i.child.pid));
    console.log(`instances: A healthy in ${fmt(starts[0]!)} (the first publish of ${ISSUES} issues), B in ${fmt(starts[1]!)}; RSS ${rssIdle.map((m) => m.toFixed(0)).join(' / ')} MB`);

    const live = Array.from({ length: ISSUES }, (_, i) => slugOf(i + 1));
    const readers = startReaders([a.url, b.url], CONNECTIONS, () => live);
    // Warm up: let the readers fill the stores so the publishes meet a server under steady load.
    await new Promise((r) => setTimeout(r, 5_000));
    const samples: PublishSample[] = [];
    for (let k = 1; k <= PUBLISHES; k++) {
      const sample = await publishOne(repo, a, b, ISSUES + k, true);
      samples.push(sample);
      live.push(slugOf(ISSUES + k));
      console.log(`publish ${k}: webhook ${fmt(sample.webhookMs)}, live on A ${fmt(sample.aMs)}, on B ${fmt(sample.bMs)} (load ${sample.load})`);
      await new Promise((r) => setTimeout(r, 2_000));
    }
    const refused = await refusal(repo, a, b, live);
    const tally = await readers.stop();
    const rssLoaded = instances.map((i) => rssMb(i.child.pid));
    // One more without readers: what the publish itself costs on an otherwise idle pair.
    await new Promise((r) => setTimeout(r, 3_000));
    const quiet = await publishOne(repo, a, b, ISSUES + PUBLISHES + 2, false);
    console.log(`publish without readers: webhook ${fmt(quiet.webhookMs)}, live on A ${fmt(quiet.aMs)}, on B ${fmt(quiet.bMs)} (load ${quiet.load})`);
    await Promise.all(instances.map((i) => i.kill('SIGTERM')));
    instances.length = 0;

    const build = values['no-build'] ? null : await timeFullBuild(ROOT, repo.work);
    report({ samples, quiet, refused, tally, rssIdle, rssLoaded, starts, build, loadAtStart });
    const results = path.join(ROOT, 'bench', 'results');
    mkdirSync(results, { recursive: true });
    const { latenciesMs, ...reads } = tally;
    writeFileSync(path.join(results, `publish-${new Date().toISOString().replace(/[:.]/g, '-')}.json`), JSON.stringify({ issues: ISSUES, connections: CONNECTIONS, loadAtStart, samples, quiet, refused, reads: { ...reads, non2xx: Object.fromEntries(tally.non2xx), latencyP50: percentile([...latenciesMs].sort((x, y) => x - y), 50) }, rssIdle, rssLoaded, starts, build }, null, 2));
    const everyLive = samples.map((s) => Math.max(s.aMs, s.bMs)).sort((x, y) => x - y);
    const failed = tally.errors + [...tally.non2xx.values()].reduce((x, y) => x + y, 0);
    const refusalClean = refused.status === 422 && refused.a.changed.length === 0 && refused.b.changed.length === 0 && refused.newPage.every((s) => s === 404);
    if (median(everyLive) > TARGET_MS || failed > 0 || !refusalClean || (build && !build.ok)) process.exitCode = 1;
  } finally {
    await Promise.all(instances.map((i) => i.kill('SIGTERM')));
    await database.drop();
    repo.cleanup();
    for (const s of stores) rmSync(s, { recursive: true, force: true });
  }
}

function report(r: {
  samples: PublishSample[]; quiet: PublishSample; refused: Awaited<ReturnType<typeof refusal>>; tally: ReturnType<typeof startReaders>['tally'];
  rssIdle: number[]; rssLoaded: number[]; starts: number[]; build: Awaited<ReturnType<typeof timeFullBuild>> | null; loadAtStart: string;
}) {
  const col = (xs: number[]) => { const s = [...xs].sort((x, y) => x - y); return `${fmt(median(s))} / ${fmt(percentile(s, 100))} (min ${fmt(s[0]!)})`; };
  const every = r.samples.map((s) => Math.max(s.aMs, s.bMs));
  const failed = r.tally.errors + [...r.tally.non2xx.values()].reduce((x, y) => x + y, 0);
  console.log(`\nPublishing by git push, ${ISSUES} issues, 2 instances on PostgreSQL, ${CONNECTIONS} reading connections; load at start ${r.loadAtStart}`);
  console.log(' #   webhook (A)   live on A   live on B   live everywhere   load 1/5/15');
  for (const s of [...r.samples, r.quiet]) console.log(`${String(s.readers ? s.n - ISSUES : 'quiet').padStart(5)} ${fmt(s.webhookMs).padStart(10)} ${fmt(s.aMs).padStart(11)} ${fmt(s.bMs).padStart(11)} ${fmt(Math.max(s.aMs, s.bMs)).padStart(17)}   ${s.load}`);
  console.log(`p50 / max of ${r.samples.length} with readers: webhook ${col(r.samples.map((s) => s.webhookMs))}; A ${col(r.samples.map((s) => s.aMs))}; B ${col(r.samples.map((s) => s.bMs))}; everywhere ${col(every)} (target p50 ≤ ${fmt(TARGET_MS)}: ${median(every) <= TARGET_MS ? 'PASS' : 'MISS'})`);
  const lat = [...r.tally.latenciesMs].sort((x, y) => x - y);
  console.log(`reads: ${r.tally.requests} requests (latency p50 ${percentile(lat, 50).toFixed(0)} ms, p99 ${percentile(lat, 99).toFixed(0)} ms, max ${percentile(lat, 100).toFixed(0)} ms), ${r.tally.ok} 2xx, non-2xx ${JSON.stringify(Object.fromEntries(r.tally.non2xx))}, errors ${r.tally.errors} (target 0: ${failed === 0 ? 'PASS' : 'MISS'})${r.tally.firstFailures.length ? `\n  first failures: ${r.tally.firstFailures.join('; ')}` : ''}`);
  const cmp = (c: typeof r.refused.a) =>
    `${c.identical} identical, ${c.sameBesidesRenderTime} re-rendered by their minute (same but the form token's time), ${c.changed.length} changed${c.changed.length ? ': ' + c.changed.slice(0, 5).join(', ') : ''}` +
    (c.unanswered.length ? `, ${c.unanswered.length} unanswered: ${c.unanswered.slice(0, 5).join(', ')}` : '');
  console.log(`refused push: webhook ${r.refused.status} in ${fmt(r.refused.hookMs)} with ${r.refused.problems} problems; the broken issue answers ${r.refused.newPage.join(' / ')}; ${r.refused.paths} pages each (copied until two copies in a row agreed: ${r.refused.settleRounds.join(' / ')} copies): A ${cmp(r.refused.a)}; B ${cmp(r.refused.b)}`);
  console.log(`memory (VmRSS): after start ${r.rssIdle.map((m) => m.toFixed(0)).join(' / ')} MB, after the publishes under load ${r.rssLoaded.map((m) => m.toFixed(0)).join(' / ')} MB (A / B)`);
  console.log(`start with ${ISSUES} issues (to healthy): A ${fmt(r.starts[0]!)} (first publish), B ${fmt(r.starts[1]!)}`);
  if (r.build) console.log(`full npm run build of the same content: ${r.build.seconds.toFixed(1)} s${r.build.ok ? '' : ' FAILED'} ${r.build.tail}`);
  console.log(`load at the end: ${loadAverage()}`);
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
