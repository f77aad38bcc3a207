// View counting under load: 100 concurrent readers for 20 s against a production build, on SQLite
// and PostgreSQL, with counting off and on side by side (alternating rounds, same build, same
// machine). Reports the issue page's throughput and latency both ways, counted views/s, how much
// counting adds to an unloaded page view, and the exact check: stored count = distinct views sent.
// `npm run build && npm run bench:views [-- --duration 20 --readers 100 --rounds 2 --only sqlite|postgres]`
import { existsSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { onBenchDatabases } from './databases';
import { median } from './lib';
import { percentile, ROOT, startServer } from './server';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '20' },
    readers: { type: 'string', default: '100' },
    rounds: { type: 'string', default: '2' },
    population: { type: 'string', default: '5000' },
    only: { type: 'string' },
  },
});
const DURATION = Number(values.duration) * 1000;
const CONCURRENCY = Number(values.readers);
const ROUNDS = Number(values.rounds);
const POPULATION = Number(values.population); // distinct people; they come back, so repeats are part of the load
const SLUGS = ['writing-is-the-job', 'boring-infrastructure', 'hiring-the-first-ten-engineers'];
const UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36';

type Phase = { rps: number; p50: number; p99: number; requests: number; errors: number };
type Get = (path: string, reader: number) => Promise<number>;

/** A keep-alive client: one request, answered and drained, as reader `reader` (its own address and browser). */
function client(base: string): { get: Get; close: () => void } {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const url = new URL(base);
  const get: Get = (p, reader) =>
    new Promise((resolve, reject) => {
      const req = http.get(
        {
          host: url.hostname, port: url.port, path: p, agent,
          headers: {
            'user-agent': `${UA} r${reader}`,
            'x-forwarded-for': `10.${(reader >> 16) & 255}.${(reader >> 8) & 255}.${reader & 255}`,
            ...(reader % 3 === 0 ? { referer: 'https://news.ycombinator.com/item?id=1' } : {}),
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
    });
  return { get, close: () => agent.destroy() };
}

/** CONCURRENCY readers for DURATION; every reader waits for its answer, so nothing is in flight at the end. */
async function load(get: Get, seen: Set<string> | null): Promise<Phase> {
  const latencies: number[] = [];
  let errors = 0;
  const deadline = Date.now() + DURATION;
  let n = 0;
  const reader = async () => {
    while (Date.now() < deadline) {
      const i = n++;
      const who = (i * 7919) % POPULATION; // a fixed, spread-out sequence of people: reproducible
      const slug = SLUGS[(i * 31 + who) % SLUGS.length]!;
      const started = performance.now();
      try {
        const status = await get(`/${slug}`, who);
        if (status !== 200) errors++;
        else seen?.add(`${who}/${slug}`);
      } catch {
        errors++;
      }
      latencies.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, reader));
  latencies.sort((a, b) => a - b);
  return { rps: latencies.length / (DURATION / 1000), p50: percentile(latencies, 50), p99: percentile(latencies, 99), requests: latencies.length, errors };
}

/** One reader at a time, each a new person: what counting adds to a single page view, unloaded. */
async function unloaded(get: Get, firstReader: number, count = 1500): Promise<number> {
  const latencies: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await get(`/${SLUGS[i % SLUGS.length]}`, firstReader + i);
    latencies.push(performance.now() - started);
  }
  latencies.sort((a, b) => a - b);
  return percentile(latencies.slice(100), 50); // the first 100 warm the connection and caches
}

async function run(kind: 'sqlite' | 'postgres', databaseUrl: string, storedViews: () => Promise<number>) {
  const seen = new Set<string>();
  const phases: Record<'off' | 'on', Phase[]> = { off: [], on: [] };
  const single: Record<'off' | 'on', number[]> = { off: [], on: [] };
  let unloadedReader = 1_000_000;
  let countedUnderLoad = 0;
  for (let round = 0; round < ROUNDS; round++) {
    // The order alternates between rounds, so a drift of the machine's speed does not favour one mode.
    for (const mode of round % 2 === 0 ? (['off', 'on'] as const) : (['on', 'off'] as const)) {
      const server = await startServer(`views-${mode}`, { DATABASE_URL: databaseUrl, VIEWS: mode, TRUST_PROXY: 'loopback', COMMENTS_NOTIFY: 'off' });
      const { get, close } = client(server.url);
      try {
        for (let i = 0; i < 300; i++) await get(`/${SLUGS[i % 3]}`, 900_000); // warm-up, one reader
        if (mode === 'on') seen.add(`900000/${SLUGS[0]}`).add(`900000/${SLUGS[1]}`).add(`900000/${SLUGS[2]}`);
        const before = seen.size;
        const phase = await load(get, mode === 'on' ? seen : null);
        countedUnderLoad += seen.size - before;
        phases[mode].push(phase);
        single[mode].push(await unloaded(get, unloadedReader));
        if (mode === 'on') for (let i = 0; i < 1500; i++) seen.add(`${unloadedReader + i}/${SLUGS[i % 3]}`);
        unloadedReader += 10_000;
        console.log(`${kind} round ${round + 1} counting ${mode}: ${phase.rps.toFixed(0)} req/s, p50 ${phase.p50.toFixed(1)} ms, p99 ${phase.p99.toFixed(1)} ms, errors ${phase.errors}; unloaded p50 ${single[mode].at(-1)!.toFixed(2)} ms`);
      } finally {
        close();
        await new Promise((r) => setTimeout(r, 1500)); // the last views reach the database
        await server.kill('SIGTERM');
      }
    }
  }
  const stored = await storedViews();
  const m = (mode: 'off' | 'on', k: keyof Phase) => median(phases[mode].map((p) => p[k]));
  const onSeconds = (ROUNDS * DURATION) / 1000;
  return {
    kind,
    off: { rps: m('off', 'rps'), p50: m('off', 'p50'), p99: m('off', 'p99') },
    on: { rps: m('on', 'rps'), p50: m('on', 'p50'), p99: m('on', 'p99') },
    unloaded: { off: median(single.off), on: median(single.on) },
    countedPerSecond: countedUnderLoad / onSeconds,
    expected: seen.size,
    stored,
    errors: [...phases.off, ...phases.on].reduce((n, p) => n + p.errors, 0),
  };
}

async function main() {
  if (!existsSync(path.join(ROOT, '.next', 'BUILD_ID'))) throw new Error('Build first: npm run build');
  const results = await onBenchDatabases(values.only, (db) => run(db.kind, db.url, () => db.count('select coalesce(sum("counted"), 0) from "IssueViews"')));
  const f = (n: number, d = 0) => n.toFixed(d).padStart(8);
  console.log(`\n${CONCURRENCY} concurrent readers, ${values.duration} s a phase, ${ROUNDS} round(s) of off/on, medians; ${POPULATION} distinct readers over ${SLUGS.length} issues`);
  console.log('database  counting   req/s   p50 ms   p99 ms  unloaded p50 ms');
  for (const r of results) {
    for (const mode of ['off', 'on'] as const) {
      console.log(`${r.kind.padEnd(9)} ${mode.padEnd(8)} ${f(r[mode].rps)} ${f(r[mode].p50, 1)} ${f(r[mode].p99, 1)} ${f(r.unloaded[mode], 2)}`);
    }
    const ratio = r.on.rps / r.off.rps;
    const added = r.unloaded.on - r.unloaded.off;
    console.log(
      `${r.kind}: throughput on/off ${ratio.toFixed(3)} (target ≥ 0.90: ${ratio >= 0.9 ? 'PASS' : 'FAIL'}); counting adds ${added.toFixed(2)} ms to an unloaded page view (target < 1 ms: ${added < 1 ? 'PASS' : 'FAIL'}); ` +
        `${r.countedPerSecond.toFixed(0)} new views/s counted under load; stored ${r.stored} = expected ${r.expected}: ${r.stored === r.expected ? 'exact' : 'MISMATCH'}; errors ${r.errors}`,
    );
  }
  if (results.some((r) => r.stored !== r.expected || r.errors > 0)) process.exit(1);
}

void main();
