// Reading benchmark: Masthead's production server (`npm start`: Next behind scripts/server.mjs)
// against nginx serving the same page bytes as a static file, in the same run, in interleaved
// rounds, with Debian's wrk asking for gzip as a browser does. By default three pages: the long
// issue, the home page and the RSS feed (`--path`, repeatable, chooses others). Reports per page
// req/s, p50/p99, server CPU per request and RSS (from /proc), the ratios, and the bytes a reader
// downloads (gzip and brotli).
// `npm run bench -- [--duration 10] [--rounds 3] [--connections 50] [--threads 2] [--path /boring-infrastructure --path / …]
//   [--nginx-gzip static|dynamic] [--port N] [--build]`
// Exits non-zero only if a request failed or setup broke: missed targets are reported, not enforced.
import http from 'node:http';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import {
  BYTES_PER_KB, TARGETS, brotliSize, evaluateTargets, extractScripts, failuresOf, gzipSize, hasRscPayload, summarize,
  type RunSample, type RunSummary,
} from './lib';
import { ensureBuild, freePort, installSignalHandlers, isRunning, readBuildId, ROOT, startMasthead, stopChildren, type Child } from './processes';
import { cpuSeconds, ensureDebianTool, processTree, rssBytes, runWrk, startStaticNginx, type StaticNginx, type StaticPage, type WrkOptions } from './tools';

const WARMUP_SECONDS = 3;
type Name = 'masthead' | 'nginx';

function options() {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string', default: '10' },
      rounds: { type: 'string', default: '3' },
      connections: { type: 'string', default: '50' },
      threads: { type: 'string', default: '2' },
      path: { type: 'string', multiple: true, default: ['/boring-infrastructure', '/', '/feed.xml'] },
      port: { type: 'string' },
      build: { type: 'boolean', default: false },
      'nginx-gzip': { type: 'string', default: 'static' },
    },
  });
  const nginxGzip = values['nginx-gzip'] as 'static' | 'dynamic';
  if (!['static', 'dynamic'].includes(nginxGzip)) throw new Error(`--nginx-gzip must be static or dynamic, got ${nginxGzip}`);
  const int = (name: string, raw: string | undefined) => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer, got ${raw}`);
    return n;
  };
  for (const p of values.path!) if (!/^\/[\w./-]*$/.test(p)) throw new Error(`--path must be a site path, got ${p}`);
  return {
    seconds: int('duration', values.duration), rounds: int('rounds', values.rounds), connections: int('connections', values.connections),
    threads: int('threads', values.threads), paths: [...new Set(values.path!)], port: values.port === undefined ? null : int('port', values.port), build: values.build!, nginxGzip,
  };
}
type Options = ReturnType<typeof options>;

type Raw = { status: number; headers: http.IncomingHttpHeaders; body: Buffer };

/** A GET whose body is kept as sent (fetch would decompress it). */
function getRaw(url: string, acceptEncoding: string): Promise<Raw> {
  return new Promise((resolve, reject) => {
    http.get(url, { headers: { 'accept-encoding': acceptEncoding } }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts) }));
    }).on('error', reject);
  });
}

type Sizes = { raw: number; gzipServed: number; brotliServed: number; gzipBest: number; brotliBest: number };

/** What a reader downloads for one resource: as Masthead serves it with gzip and with brotli, and compressed at the maximum here. */
async function sizesOf(url: string): Promise<Sizes & { identity: Buffer; gzipped: Raw }> {
  const [identity, gzipped, brotli] = await Promise.all([getRaw(url, 'identity'), getRaw(url, 'gzip'), getRaw(url, 'br')]);
  if (identity.status !== 200) throw new Error(`GET ${url} answered ${identity.status}`);
  return {
    identity: identity.body, gzipped, raw: identity.body.length, gzipServed: gzipped.body.length, brotliServed: brotli.body.length,
    gzipBest: gzipSize(identity.body), brotliBest: brotliSize(identity.body),
  };
}

async function pageWeight(pageUrl: string) {
  const html = await sizesOf(pageUrl);
  const text = html.identity.toString('utf8');
  const scripts = extractScripts(text);
  const js = await Promise.all(scripts.external.map(async (s) => ({ url: new URL(s.url, pageUrl).href, ...(await sizesOf(new URL(s.url, pageUrl).href)) })));
  const sum = (key: keyof Sizes) => html[key] + js.reduce((n, s) => n + s[key], 0);
  const total = { raw: sum('raw'), gzipServed: sum('gzipServed'), brotliServed: sum('brotliServed'), gzipBest: sum('gzipBest'), brotliBest: sum('brotliBest') };
  return { html, js, total, inlineScripts: scripts.inline.length, rscPayload: hasRscPayload(text) };
}

type Target = { name: Name; url: string; pid: number; alive: () => boolean; log: () => string };

async function measure(wrk: string, target: Target, o: WrkOptions): Promise<RunSample> {
  const check = (what: string, s: Pick<RunSample, 'non2xx' | 'errors' | 'requests'>) => {
    const problems = failuresOf(s);
    if (problems.length > 0 || !target.alive()) throw new Error(`${target.name} ${what}: ${problems.join(', ') || 'the server died'}: figures are invalid\n${target.log()}`);
  };
  check('warm-up', await runWrk(wrk, target.url, { ...o, seconds: WARMUP_SECONDS }));
  const pids = processTree(target.pid);
  const cpuBefore = cpuSeconds(pids);
  const run = await runWrk(wrk, target.url, o);
  const cpu = cpuSeconds(pids) - cpuBefore;
  check('run', run);
  return { ...run, cpuMsPerRequest: (cpu * 1000) / run.requests, rssMB: rssBytes(processTree(target.pid)) / 1e6 };
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');

function printWeight(w: Awaited<ReturnType<typeof pageWeight>>, pagePath: string): void {
  const row = (label: string, s: Sizes) => console.log(`  ${label.padEnd(22)} ${fmt(s.raw).padStart(9)} ${fmt(s.gzipServed).padStart(9)} ${fmt(s.brotliServed).padStart(9)} ${fmt(s.gzipBest).padStart(9)} ${fmt(s.brotliBest).padStart(9)}`);
  console.log(`\nWhat a reader downloads for ${pagePath} (bytes; served = as Masthead sends it for Accept-Encoding gzip / br; best = gzip -9 / brotli -q 11 here)`);
  console.log(`  ${''.padEnd(22)} ${'raw'.padStart(9)} ${'gzip'.padStart(9)} ${'br'.padStart(9)} ${'gzip best'.padStart(9)} ${'br best'.padStart(9)}`);
  row('HTML', w.html);
  for (const s of w.js) row(`JS ${new URL(s.url).pathname.split('/').at(-1)}`.slice(0, 22), s);
  row('HTML + JS', w.total);
  console.log(`  ${w.js.length} external script(s), ${w.inlineScripts} inline; RSC payload: ${w.rscPayload ? 'yes' : 'none'}; content-encoding served for gzip: ${w.html.gzipped.headers['content-encoding'] ?? 'none'}`);
}

type PageRun = { path: string; samples: Record<Name, RunSample[]>; summary: Record<Name, RunSummary> };

function printRun({ path: pagePath, samples, summary }: PageRun, o: Options): void {
  console.log(`\n${pagePath}: medians of ${o.rounds} interleaved round(s): wrk -t${o.threads} -c${o.connections} -d${o.seconds}s --latency --timeout 10s -H 'Accept-Encoding: gzip' (after ${WARMUP_SECONDS} s warm-up)`);
  console.log('  server      req/s (spread)              p50 ms   p99 ms (spread)       CPU ms/request   RSS MB');
  for (const name of ['masthead', 'nginx'] as const) {
    const s = summary[name];
    console.log(`  ${name.padEnd(9)} ${fmt(s.rps).padStart(7)} (${fmt(s.spread.rps[0])}–${fmt(s.spread.rps[1])})`.padEnd(41) +
      `${fmt(s.p50Ms, 1).padStart(7)}  ${fmt(s.p99Ms, 1).padStart(7)} (${fmt(s.spread.p99Ms[0], 1)}–${fmt(s.spread.p99Ms[1], 1)})`.padEnd(34) +
      `${fmt(s.cpuMsPerRequest, 3).padStart(8)}   ${fmt(s.rssMB, 0).padStart(6)}`);
  }
  const ratios = samples.masthead.map((m, i) => m.rps / samples.nginx[i]!.rps);
  console.log(`  ratio masthead/nginx: req/s ${fmt(summary.masthead.rps / summary.nginx.rps, 3)} (rounds ${ratios.map((r) => fmt(r, 3)).join(', ')}), ` +
    `p99 ${fmt(summary.masthead.p99Ms / summary.nginx.p99Ms, 2)}×, CPU per request ${fmt(summary.masthead.cpuMsPerRequest / summary.nginx.cpuMsPerRequest, 1)}×`);
  for (const v of evaluateTargets({ masthead: summary.masthead, nginx: summary.nginx })) {
    const unit = v.unit === '×' ? '×' : ` ${v.unit}`;
    console.log(`  ${v.pass ? 'PASS' : 'MISS'}  ${v.name.padEnd(22)} ${fmt(v.measured, v.unit === '×' ? 3 : 0)}${unit} ${v.comparison} ${fmt(v.target, v.unit === '×' ? 1 : 0)}${unit}`);
  }
}

/** The bytes nginx serves for one page: what Masthead sent, and its gzip answer when it compresses (else gzip -6, nginx's usual level). */
async function staticPage(base: string, pagePath: string): Promise<StaticPage> {
  const [identity, gzipped] = await Promise.all([getRaw(`${base}${pagePath}`, 'identity'), getRaw(`${base}${pagePath}`, 'gzip')]);
  if (identity.status !== 200) throw new Error(`GET ${pagePath} answered ${identity.status}`);
  return {
    path: pagePath, identity: identity.body,
    gzipped: gzipped.headers['content-encoding'] === 'gzip' ? gzipped.body : gzipSync(identity.body, { level: 6 }),
    contentType: String(gzipped.headers['content-type'] ?? 'text/html; charset=utf-8'),
  };
}

async function main(): Promise<void> {
  const o = options();
  let nginxStatic: StaticNginx | null = null;
  installSignalHandlers(async () => { await nginxStatic?.stop(); await stopChildren(); });
  try {
    ensureBuild(o.build);
    const buildId = readBuildId();
    const wrk = ensureDebianTool('wrk');
    const nginx = ensureDebianTool('nginx');
    const masthead = await startMasthead(o.port ?? (await freePort()), o.paths[0]!);
    const base = new URL(masthead.url).origin;
    const pages = await Promise.all(o.paths.map((p) => staticPage(base, p)));
    nginxStatic = await startStaticNginx(nginx, pages, o.nginxGzip);
    for (const page of pages) {
      const [plain, check] = [await getRaw(`${nginxStatic.base}${page.path}`, 'identity'), await getRaw(`${nginxStatic.base}${page.path}`, 'gzip')];
      if (!plain.body.equals(page.identity)) throw new Error(`nginx does not serve ${page.path} byte for byte`);
      if (o.nginxGzip === 'static' && !check.body.equals(page.gzipped)) throw new Error(`nginx does not serve the gzip bytes of ${page.path} byte for byte`);
      if (check.headers['content-encoding'] !== 'gzip') throw new Error(`nginx does not answer ${page.path} with gzip`);
    }
    const how = o.nginxGzip === 'static' ? 'the same bytes, gzip precompressed: gzip_static' : 'the same pages, compressing each answer itself: gzip on, level 1';
    console.log(`masthead: ${base} (pid ${masthead.child.proc.pid})\nnginx:    ${nginxStatic.base} (pid ${nginxStatic.pid}; ${how})\npages: ${pages.map((p) => `${p.path} (${fmt(p.identity.length)} bytes, ${fmt(p.gzipped.length)} gzip)`).join(', ')}\nload average before: ${load()}`);
    const weight = await pageWeight(masthead.url);
    printWeight(weight, o.paths[0]!);

    const child: Child = masthead.child;
    const targets = (pagePath: string): Record<Name, Target> => ({
      masthead: { name: 'masthead', url: `${base}${pagePath}`, pid: child.proc.pid!, alive: () => isRunning(child) && readBuildId() === buildId, log: () => child.log.slice(-15).join('\n') },
      nginx: { name: 'nginx', url: `${nginxStatic!.base}${pagePath}`, pid: nginxStatic!.pid, alive: () => nginxStatic!.child.exitCode === null, log: () => '' },
    });
    const samples = new Map(o.paths.map((p) => [p, { masthead: [], nginx: [] } as Record<Name, RunSample[]>]));
    const wrkOptions = { threads: o.threads, connections: o.connections, seconds: o.seconds };
    console.log(`\nLoad: ${o.rounds} round(s) × ${o.paths.length} page(s) × 2 servers × (${WARMUP_SECONDS} s warm-up + ${o.seconds} s)`);
    for (let round = 1; round <= o.rounds; round++) {
      for (const pagePath of o.paths) {
        // Who goes first alternates, so drift on the machine hits both alike.
        for (const name of (round % 2 ? ['masthead', 'nginx'] : ['nginx', 'masthead']) as Name[]) {
          const s = await measure(wrk, targets(pagePath)[name], wrkOptions);
          samples.get(pagePath)![name].push(s);
          console.log(`  round ${round}/${o.rounds} ${pagePath.padEnd(24)} ${name.padEnd(8)} ${fmt(s.rps).padStart(7)} req/s  p50 ${fmt(s.p50Ms, 1)} ms  p99 ${fmt(s.p99Ms, 1)} ms  ` +
            `CPU ${fmt(s.cpuMsPerRequest, 3)} ms/req  RSS ${fmt(s.rssMB)} MB  (${fmt(s.requests)} requests; load ${load()})`);
        }
      }
    }
    const runs: PageRun[] = o.paths.map((p) => {
      const of = samples.get(p)!;
      return { path: p, samples: of, summary: { masthead: summarize(of.masthead), nginx: summarize(of.nginx) } };
    });
    for (const run of runs) printRun(run, o);
    const peakRss = Math.max(...runs.flatMap((r) => r.samples.masthead.map((s) => s.rssMB)));
    console.log(`\nMasthead's RSS after each run: at most ${fmt(peakRss)} MB (goal ≤ ${TARGETS.maxRssMB} MB)`);
    console.log(`(issue 12's goals: ≥ ${TARGETS.throughputFactor}× nginx's req/s, p99 ≤ ${TARGETS.p99Factor}× nginx's, RSS ≤ ${TARGETS.maxRssMB} MB; wrk, nginx and the server share ${os.cpus().length} cores)`);
    const dir = path.join(ROOT, 'bench', 'results');
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `reading-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    const next = JSON.parse(readFileSync(path.join(ROOT, 'node_modules', 'next', 'package.json'), 'utf8')) as { version: string };
    const html = weight.html;
    writeFileSync(file, `${JSON.stringify({
      date: new Date().toISOString(), options: { ...o, warmupSeconds: WARMUP_SECONDS, acceptEncoding: 'gzip' },
      environment: { node: process.version, next: next.version, buildId, cpus: os.cpus().length, loadAverageAfter: os.loadavg() },
      weight: { path: o.paths[0], html: { ...html, identity: undefined, gzipped: undefined }, js: weight.js.map((s) => ({ ...s, identity: undefined, gzipped: undefined })), total: weight.total, bytesPerKB: BYTES_PER_KB },
      pages: runs.map((r) => ({
        path: r.path, rounds: r.samples, median: r.summary, ratio: r.summary.masthead.rps / r.summary.nginx.rps,
        targets: evaluateTargets({ masthead: r.summary.masthead, nginx: r.summary.nginx }),
      })),
      peakRssMB: peakRss,
    }, null, 2)}\n`);
    console.log(`\nload average after: ${load()}\nResults: ${path.relative(ROOT, file)}`);
  } finally {
    await nginxStatic?.stop();
    await stopChildren();
  }
}

main().catch((err: unknown) => {
  console.error(`\nbench failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
