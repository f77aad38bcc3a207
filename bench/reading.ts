// Reading benchmark: how close does the production server (Next behind scripts/server.mjs) come to serving the long issue as a plain static
// file, and what does a reader download? Run with `npm run bench -- [--duration 10] [--rounds 3]
// [--connections 50] [--port N] [--build]`. Exits non-zero only if a request failed or setup broke:
// missed targets are reported, not enforced (it is a benchmark, not a test).
import autocannon from 'autocannon';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  BYTES_PER_KB,
  GZIP_LEVEL,
  REFERENCE,
  TARGETS,
  byteLength,
  evaluateTargets,
  extractScripts,
  failuresOf,
  gzipSize,
  hasRscPayload,
  referenceRatio,
  summarize,
  type RunSample,
  type TargetVerdict,
} from './lib';

const ROOT = path.resolve(import.meta.dirname, '..');
const HOST = '127.0.0.1';
const PAGE_PATH = '/boring-infrastructure';
const WARMUP_SECONDS = 3;
const READY_TIMEOUT_MS = 60_000;
const CHILD_ENV = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };

interface Options {
  duration: number;
  rounds: number;
  connections: number;
  port: number | null;
  build: boolean;
}

type TargetName = 'next' | 'static';

// ---------------------------------------------------------------------------------------------
// Options

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      duration: { type: 'string', default: '10' },
      rounds: { type: 'string', default: '3' },
      connections: { type: 'string', default: '50' },
      port: { type: 'string' },
      build: { type: 'boolean', default: false },
    },
  });
  return {
    duration: positiveInt('duration', values.duration),
    rounds: positiveInt('rounds', values.rounds),
    connections: positiveInt('connections', values.connections),
    port: values.port === undefined ? null : positiveInt('port', values.port),
    build: values.build ?? false,
  };
}

function positiveInt(name: string, raw: string | undefined): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer, got ${raw}`);
  return n;
}

// ---------------------------------------------------------------------------------------------
// Build

function ensureBuild(force: boolean): void {
  const buildId = path.join(ROOT, '.next', 'BUILD_ID');
  if (force || !existsSync(buildId)) {
    console.log(force ? 'Building (--build)…' : 'No build found: running `npm run build`…');
    const result = spawnSync('npm', ['run', 'build'], { cwd: ROOT, env: CHILD_ENV, stdio: 'inherit' });
    if (result.status !== 0) throw new Error(`npm run build failed (exit ${result.status ?? result.signal})`);
    return;
  }
  // Benchmarking a build older than the sources measures the wrong code; say so, but do not
  // rebuild behind the user's back (a build takes minutes and may be running elsewhere).
  if (newestSourceMtime() > statSync(buildId).mtimeMs) {
    console.log('Note: sources changed since the last build; pass --build to benchmark the current code.');
  }
}

function newestSourceMtime(): number {
  const sources = ['app', 'components', 'lib', 'content', 'public', 'next.config.mjs', 'package.json'];
  const newest = (p: string): number => {
    if (!existsSync(p)) return 0;
    const st = statSync(p);
    if (!st.isDirectory()) return st.mtimeMs;
    return readdirSync(p).reduce((max, name) => Math.max(max, newest(path.join(p, name))), st.mtimeMs);
  };
  return sources.reduce((max, s) => Math.max(max, newest(path.join(ROOT, s))), 0);
}

// ---------------------------------------------------------------------------------------------
// Child servers. Each runs in its own process (so autocannon, in this process, never shares their
// event loop) and its own process group (so we can end it and anything it forks, and nothing else).

interface Child {
  name: string;
  proc: ChildProcess;
  exited: Promise<void>;
  log: string[];
}

const children: Child[] = [];

function startChild(name: string, args: string[], env: Record<string, string> = {}): Child {
  const proc = spawn(process.execPath, args, { cwd: ROOT, env: { ...CHILD_ENV, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const log: string[] = [];
  // Keep a short tail of output for error messages; draining the pipes also keeps the child from blocking.
  const keep = (chunk: Buffer): void => {
    log.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    log.splice(0, Math.max(0, log.length - 40));
  };
  proc.stdout?.on('data', keep);
  proc.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const child = { name, proc, exited, log };
  children.push(child);
  return child;
}

function isRunning(child: Child): boolean {
  return child.proc.exitCode === null && child.proc.signalCode === null;
}

function signalGroup(child: Child, signal: NodeJS.Signals): void {
  if (child.proc.pid === undefined || !isRunning(child)) return;
  try {
    process.kill(-child.proc.pid, signal);
  } catch {
    // Already gone between the check and the kill.
  }
}

async function stopChildren(): Promise<void> {
  await Promise.all(
    children.map(async (child) => {
      signalGroup(child, 'SIGTERM');
      const grace = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 5000).unref());
      if ((await Promise.race([child.exited.then(() => 'exited' as const), grace])) === 'timeout') {
        signalGroup(child, 'SIGKILL');
      }
    }),
  );
}

// Last resort if we exit without reaching the cleanup path: 'exit' handlers must be synchronous.
process.on('exit', () => children.forEach((child) => signalGroup(child, 'SIGKILL')));

function installSignalHandlers(cleanup: () => Promise<void>): void {
  let stopping = false;
  // A persistent handler (not `once`): a second signal, e.g. the one tsx relays from its parent
  // process, must not find us without a listener, which would exit before the cleanup finishes.
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    console.error(`\n${signal}: stopping servers…`);
    void cleanup().finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

function childFailure(child: Child, what: string): Error {
  return new Error(`${child.name}: ${what}\n--- last output ---\n${child.log.join('\n')}`);
}

/** Asking the OS for port 0 gives a port that was free a moment ago; good enough on a quiet box. */
function freePort(): Promise<number> {
  return portAvailable(0);
}

function portAvailable(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (err) => reject(new Error(`port ${port} is not available: ${err.message}`)));
    probe.listen(port, HOST, () => {
      const address = probe.address();
      const actual = typeof address === 'object' && address ? address.port : port;
      probe.close(() => resolve(actual));
    });
  });
}

async function waitForOk(child: Child, url: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (!isRunning(child)) throw childFailure(child, `exited (code ${child.proc.exitCode}) before ${url} answered`);
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await sleep(200);
  }
  throw childFailure(child, `${url} did not answer 200 within ${READY_TIMEOUT_MS / 1000}s`);
}

/** The static server reports the port the OS gave it, which avoids any free-port race. */
function waitForListening(child: Child): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(childFailure(child, 'did not start listening')), READY_TIMEOUT_MS);
    child.proc.stdout?.on('data', (chunk: Buffer) => {
      const match = /listening (\d+)/.exec(chunk.toString('utf8'));
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    void child.exited.then(() => {
      clearTimeout(timer);
      reject(childFailure(child, 'exited before listening'));
    });
  });
}

async function startNext(port: number): Promise<{ child: Child; url: string }> {
  await portAvailable(port); // Otherwise we could happily benchmark whatever else is on that port.
  // What `npm start` and the standalone build serve with: Next behind scripts/server.mjs, which
  // adds the CSP, request ids, access logs and view counting to every request.
  const child = startChild('masthead server', [path.join(ROOT, 'scripts', 'server.mjs')], { PORT: String(port), HOSTNAME: HOST, LOG_LEVEL: 'warn', NODE_ENV: 'production' });
  const url = `http://${HOST}:${port}${PAGE_PATH}`;
  await waitForOk(child, url);
  return { child, url };
}

async function startStatic(file: string, expected: Buffer): Promise<{ child: Child; url: string }> {
  const child = startChild('static server', [path.join(ROOT, 'bench', 'static-server.mjs'), file, '0', HOST]);
  const port = await waitForListening(child);
  const url = `http://${HOST}:${port}${PAGE_PATH}`;
  const res = await fetch(url, { headers: { 'accept-encoding': 'identity' } });
  const body = Buffer.from(await res.arrayBuffer());
  if (res.status !== 200 || !body.equals(expected)) throw childFailure(child, 'does not serve the fetched page byte for byte');
  return { child, url };
}

// ---------------------------------------------------------------------------------------------
// Page weight

interface FetchedPage {
  html: string;
  bytes: Buffer;
  headers: { xNextjsCache: string | null; cacheControl: string | null; contentType: string | null };
}

async function fetchPage(url: string): Promise<FetchedPage> {
  // identity: we want the bytes as the server produced them and gzip them ourselves at a known level.
  const res = await fetch(url, { headers: { 'accept-encoding': 'identity' } });
  if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}`);
  const bytes = Buffer.from(await res.arrayBuffer());
  return {
    html: bytes.toString('utf8'),
    bytes,
    headers: {
      xNextjsCache: res.headers.get('x-nextjs-cache'),
      cacheControl: res.headers.get('cache-control'),
      contentType: res.headers.get('content-type'),
    },
  };
}

interface PageWeight {
  htmlRaw: number;
  htmlGzip: number;
  externalScripts: { url: string; via: string; raw: number; gzip: number }[];
  inlineScripts: { type: string | null; raw: number; gzip: number }[];
  jsonLdBlocks: number;
  jsRaw: number;
  jsGzip: number;
  externalJsGzip: number;
  rscPayload: boolean;
}

async function measureWeight(page: FetchedPage, pageUrl: string): Promise<PageWeight> {
  const scripts = extractScripts(page.html);
  const externalScripts = await Promise.all(
    scripts.external.map(async ({ url, via }) => {
      const absolute = new URL(url, pageUrl).href;
      const res = await fetch(absolute, { headers: { 'accept-encoding': 'identity' } });
      if (res.status !== 200) throw new Error(`script ${absolute} answered ${res.status}`);
      const body = new Uint8Array(await res.arrayBuffer());
      return { url: absolute, via, raw: body.byteLength, gzip: gzipSize(body) };
    }),
  );
  const inlineScripts = scripts.inline.map(({ type, body }) => ({ type, raw: byteLength(body), gzip: gzipSize(body) }));
  const sum = (items: { raw: number; gzip: number }[], key: 'raw' | 'gzip'): number => items.reduce((n, s) => n + s[key], 0);
  return {
    htmlRaw: page.bytes.byteLength,
    htmlGzip: gzipSize(page.bytes),
    externalScripts,
    inlineScripts,
    jsonLdBlocks: scripts.jsonLd,
    jsRaw: sum(externalScripts, 'raw') + sum(inlineScripts, 'raw'),
    jsGzip: sum(externalScripts, 'gzip') + sum(inlineScripts, 'gzip'),
    externalJsGzip: sum(externalScripts, 'gzip'),
    rscPayload: hasRscPayload(page.html),
  };
}

// ---------------------------------------------------------------------------------------------
// Load

async function load(url: string, seconds: number, connections: number): Promise<RunSample> {
  // No accept-encoding header: both servers send the identical uncompressed HTML, so the
  // comparison is Next's per-request overhead, not compression cost.
  const result = await autocannon({ url, connections, pipelining: 1, duration: seconds });
  return {
    rps: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

interface Target {
  name: TargetName;
  child: Child;
  url: string;
}

async function measure(target: Target, opts: Options, label: string, buildId: string): Promise<RunSample> {
  const check = (what: string, sample: RunSample): void => {
    const problems = failuresOf(sample);
    if (problems.length > 0) {
      throw new Error(`${target.name} ${what}: ${problems.join(', ')}: figures are invalid${diagnose(target.child, buildId)}`);
    }
  };
  check('warm-up', await load(target.url, WARMUP_SECONDS, opts.connections));
  const sample = await load(target.url, opts.duration, opts.connections);
  check(label, sample);
  console.log(`  ${label} ${target.name.padEnd(6)} ${fmt(sample.rps, 0).padStart(7)} req/s   p50 ${fmt(sample.p50Ms, 1)} ms   ` +
    `p99 ${fmt(sample.p99Ms, 1)} ms   (${sample.requests} requests)`);
  return sample;
}

/** The likely causes of failed requests, so a failed run explains itself. */
function diagnose(child: Child, buildId: string): string {
  const notes: string[] = [];
  // `next build` deletes and rewrites .next/ under a running `next start`, which then fails requests.
  if (readBuildId() !== buildId) notes.push('.next/BUILD_ID changed or vanished during the run: was `next build` running concurrently?');
  if (!isRunning(child)) notes.push(`${child.name} exited (code ${child.proc.exitCode ?? child.proc.signalCode})`);
  const tail = child.log.slice(-15).join('\n');
  return `${notes.map((n) => `\n  ${n}`).join('')}${tail ? `\n--- ${child.name}, last output ---\n${tail}` : ''}`;
}

function readBuildId(): string | null {
  const file = path.join(ROOT, '.next', 'BUILD_ID');
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : null;
}

async function runRounds(targets: Record<TargetName, Target>, opts: Options, buildId: string): Promise<Record<TargetName, RunSample[]>> {
  const samples: Record<TargetName, RunSample[]> = { next: [], static: [] };
  for (let round = 1; round <= opts.rounds; round++) {
    // Swap who goes first each round so drift on the machine (thermal, other load) hits both alike.
    const order: TargetName[] = round % 2 === 1 ? ['next', 'static'] : ['static', 'next'];
    for (const name of order) samples[name].push(await measure(targets[name], opts, `round ${round}/${opts.rounds}`, buildId));
  }
  return samples;
}

// ---------------------------------------------------------------------------------------------
// Report

function fmt(n: number, digits: number): string {
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function kb(bytes: number): string {
  return `${fmt(bytes / BYTES_PER_KB, 1)} KB`;
}

function printWeight(page: FetchedPage, weight: PageWeight): void {
  console.log(`\nPage weight (${PAGE_PATH}; gzip = node:zlib gzipSync level ${GZIP_LEVEL}; KB = ${BYTES_PER_KB} bytes)`);
  console.log(`  HTML               ${fmt(weight.htmlRaw, 0)} B raw, ${fmt(weight.htmlGzip, 0)} B gzip (${kb(weight.htmlGzip)})`);
  console.log(`  client JS          ${fmt(weight.jsRaw, 0)} B raw, ${fmt(weight.jsGzip, 0)} B gzip ` +
    `(${weight.externalScripts.length} external script(s), ${weight.inlineScripts.length} inline; ${weight.jsonLdBlocks} JSON-LD block(s) not counted)`);
  for (const s of weight.externalScripts) console.log(`    ${s.via} ${s.url}: ${fmt(s.raw, 0)} B raw, ${fmt(s.gzip, 0)} B gzip`);
  for (const s of weight.inlineScripts) console.log(`    inline <script type=${s.type ?? '(none)'}>: ${fmt(s.raw, 0)} B raw, ${fmt(s.gzip, 0)} B gzip`);
  console.log(`  RSC payload        ${weight.rscPayload ? 'YES (self.__next_f present)' : 'none (no self.__next_f)'}`);
  console.log(`  x-nextjs-cache     ${page.headers.xNextjsCache ?? '(absent)'}`);
  console.log(`  cache-control      ${page.headers.cacheControl ?? '(absent)'}`);
}

function printThroughput(next: ReturnType<typeof summarize>, stat: ReturnType<typeof summarize>, opts: Options): void {
  console.log(`\nThroughput: median of ${opts.rounds} round(s), ${opts.duration}s each after ${WARMUP_SECONDS}s warm-up, ` +
    `${opts.connections} connections, pipelining 1, uncompressed responses`);
  console.log('  target     req/s     p50 ms   p99 ms');
  for (const [name, s] of [['next', next], ['static', stat]] as const) {
    console.log(`  ${name.padEnd(8)} ${fmt(s.rps, 0).padStart(7)}   ${fmt(s.p50Ms, 1).padStart(6)}   ${fmt(s.p99Ms, 1).padStart(6)}`);
  }
  console.log(`  ratio next/static: ${fmt(next.rps / stat.rps, 3)}`);
}

function printComparison(verdicts: TargetVerdict[], rps: { next: number; static: number }, htmlRaw: number): void {
  const ref = referenceRatio();
  console.log('\nAgainst the issue\'s reference (Next examples/blog-starter, ~30 KB article, same kind of machine):');
  console.log(`  blog-starter ${fmt(REFERENCE.blogStarterRps, 0)} req/s, p99 ${REFERENCE.blogStarterP99Ms} ms; nginx static ${fmt(REFERENCE.nginxStaticRps, 0)} req/s ` +
    `→ ratio ${fmt(ref, 4)}; weight ${REFERENCE.htmlGzipKB} KB HTML + ${REFERENCE.jsGzipKB} KB JS gzip = ${REFERENCE.totalGzipKB} KB`);
  for (const v of verdicts) {
    const digits = v.unit === '×' ? 4 : 1;
    const unit = v.unit === '×' ? '' : ` ${v.unit}`;
    console.log(`  ${v.pass ? 'PASS' : 'MISS'}  ${v.name.padEnd(24)} ${fmt(v.measured, digits)}${unit} ${v.comparison} ${fmt(v.target, digits)}${unit}`);
  }
  console.log(`  (throughput target = ${TARGETS.throughputFactor} × ${fmt(ref, 4)}; bytes target = ${REFERENCE.totalGzipKB} / 2; ` +
    `bytes = HTML gzip + external JS gzip, inline JS being inside the HTML)`);
  console.log('  Caveats:');
  const nginxRatio = rps.next / REFERENCE.nginxStaticRps;
  console.log(`  - Our static baseline is a single Node http process: ${fmt(rps.static, 0)} req/s here vs nginx's ` +
    `${fmt(REFERENCE.nginxStaticRps, 0)} in the reference (${fmt(REFERENCE.nginxStaticRps / rps.static, 1)}× slower).`);
  console.log('    A smaller denominator inflates next/static, so the ratio comparison is biased IN OUR FAVOUR (lenient):');
  console.log('    a PASS is weaker evidence than it looks, a MISS is robust.');
  console.log(`    Against the reference nginx figure instead: ${fmt(rps.next, 0)} / ${fmt(REFERENCE.nginxStaticRps, 0)} = ` +
    `${fmt(nginxRatio, 4)} (${nginxRatio >= TARGETS.throughputFactor * referenceRatio() ? 'would pass' : 'would miss'}), i.e. ` +
    `${fmt(rps.next, 0)} vs ${TARGETS.throughputFactor} × ${fmt(REFERENCE.blogStarterRps, 0)} = ` +
    `${fmt(TARGETS.throughputFactor * REFERENCE.blogStarterRps, 0)} req/s; indicative only (other box, other page).`);
  console.log(`  - Our page is ${kb(htmlRaw)} of HTML vs the reference's ~30 KB article: more bytes per request lowers req/s`);
  console.log('    for both servers (roughly cancelling in the ratio) and weighs against us in absolute req/s.');
  console.log(`  - The load generator runs on the same ${os.cpus().length} cores as the server under test, for both targets alike.`);
}

function writeResults(data: Record<string, unknown>): string {
  const dir = path.join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `reading-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
  return file;
}

function environment(): Record<string, unknown> {
  const nextPkg = JSON.parse(readFileSync(path.join(ROOT, 'node_modules', 'next', 'package.json'), 'utf8')) as { version: string };
  return {
    node: process.version,
    next: nextPkg.version,
    buildId: readBuildId(),
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? null,
    platform: `${os.platform()} ${os.release()}`,
  };
}

// ---------------------------------------------------------------------------------------------

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function main(): Promise<void> {
  const opts = parseOptions(process.argv.slice(2));
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'masthead-bench-'));
  const cleanup = async (): Promise<void> => {
    await stopChildren();
    rmSync(tmp, { recursive: true, force: true });
  };
  installSignalHandlers(cleanup);
  try {
    ensureBuild(opts.build);
    const buildId = readBuildId() ?? '';
    const next = await startNext(opts.port ?? (await freePort()));
    const page = await fetchPage(next.url);
    const file = path.join(tmp, 'boring-infrastructure.html');
    writeFileSync(file, page.bytes);
    const stat = await startStatic(file, page.bytes);
    console.log(`next start: ${next.url}\nstatic:     ${stat.url} (same ${fmt(page.bytes.byteLength, 0)} bytes from memory)`);

    const weight = await measureWeight(page, next.url);
    printWeight(page, weight);

    console.log(`\nLoad (${opts.rounds} round(s) × 2 targets × (${WARMUP_SECONDS}s warm-up + ${opts.duration}s)):`);
    const samples = await runRounds(
      { next: { name: 'next', ...next }, static: { name: 'static', ...stat } },
      opts,
      buildId,
    );
    const summary = { next: summarize(samples.next), static: summarize(samples.static) };
    printThroughput(summary.next, summary.static, opts);

    const verdicts = evaluateTargets({
      nextRps: summary.next.rps,
      staticRps: summary.static.rps,
      nextP99Ms: summary.next.p99Ms,
      htmlGzipBytes: weight.htmlGzip,
      externalJsGzipBytes: weight.externalJsGzip,
    });
    printComparison(verdicts, { next: summary.next.rps, static: summary.static.rps }, weight.htmlRaw);

    const resultsFile = writeResults({
      date: new Date().toISOString(),
      options: { ...opts, warmupSeconds: WARMUP_SECONDS, pipelining: 1, page: PAGE_PATH },
      environment: environment(),
      headers: page.headers,
      weight: { ...weight, gzipLevel: GZIP_LEVEL, bytesPerKB: BYTES_PER_KB },
      rounds: samples,
      median: summary,
      ratio: summary.next.rps / summary.static.rps,
      reference: { ...REFERENCE, ratio: referenceRatio() },
      targets: verdicts,
    });
    console.log(`\nResults: ${path.relative(ROOT, resultsFile)}`);
  } finally {
    await cleanup();
  }
}

main().catch((err: unknown) => {
  console.error(`\nbench failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
