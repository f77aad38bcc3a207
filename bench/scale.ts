// Scale-out under load, through nginx with the shipped deploy/nginx.conf: readers and commenters
// together on one instance, then on two (same build, one PostgreSQL, and one Redis when REDIS_URL
// is set), side by side in one run. Reports requests/s, p50/p99, 5xx, accepted = stored, and how
// soon a comment posted on instance A is in instance B's page (cross-instance freshness).
// `npm run build && npm run bench:scale [-- --duration 60 --readers 200 --commenters 20 --probes 10]`
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BROWSER_UA, createDatabase, postComment, ROOT, startInstance, startNginx, type Balancer, type Instance } from '../tests/scale/support';
import { percentile } from './server';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '60' },
    readers: { type: 'string', default: '200' },
    commenters: { type: 'string', default: '20' },
    probes: { type: 'string', default: '10' },
  },
});
const POSTGRES = process.env.BENCH_POSTGRES_URL ?? process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL?.trim() || null;
const SLUGS = ['writing-is-the-job', 'boring-infrastructure', 'hiring-the-first-ten-engineers'];
const FRESHNESS_SLUG = SLUGS[1]!;
const FRESHNESS_TIMEOUT_MS = 90_000; // past the 60 s ISR window, so a slow refresh is measured, not cut off
const seconds = Number(values.duration);

type Result = {
  instances: number; readRps: number; readP50: number; readP99: number; postRps: number; postP99: number;
  fivexx: number; errors: number; accepted: number; stored: number; freshness: number[]; stale: number;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Posts a comment on `from` (the instance itself) and polls `to`'s issue page until it shows it: ms, or null past the timeout. */
async function probeFreshness(from: Instance, to: Instance, n: number): Promise<number | null> {
  const marker = `freshness${n}x${Math.random().toString(36).slice(2, 10)}`;
  const posted = await postComment(from.url, FRESHNESS_SLUG, `Freshness probe ${marker}`, 'Probe');
  await posted.arrayBuffer();
  if (posted.status !== 201) throw new Error(`the freshness probe's comment answered ${posted.status}`);
  const started = performance.now();
  while (performance.now() - started < FRESHNESS_TIMEOUT_MS) {
    const page = await fetch(`${to.url}/${FRESHNESS_SLUG}`, { headers: { 'user-agent': BROWSER_UA } }).then((r) => r.text(), () => '');
    if (page.includes(marker)) return performance.now() - started;
    await sleep(50);
  }
  return null;
}

async function run(count: number): Promise<Result> {
  const database = await createDatabase(POSTGRES);
  const instances: Instance[] = [];
  let balancer: Balancer | undefined;
  try {
    // A key prefix per run: each run has a database of its own, so its pages must never meet another run's in Redis.
    const env = { DATABASE_URL: database.url, COMMENTS_RATE_LIMIT: 'off', LOG_LEVEL: 'warn', ...(REDIS_URL ? { REDIS_URL, REDIS_PREFIX: `masthead-bench:${process.pid}:${count}:` } : {}) };
    for (let i = 0; i < count; i++) instances.push(await startInstance(`i${i}`, env));
    balancer = await startNginx(instances.map((i) => i.url));
    const base = balancer.url;
    // Each instance loads a route's code on its first request (routes are not preloaded): read
    // every page once on each before the clock starts.
    for (const instance of instances) {
      for (const slug of SLUGS) await fetch(`${instance.url}/${slug}`, { headers: { 'user-agent': BROWSER_UA } }).then((r) => r.arrayBuffer());
    }
    const reads: number[] = [];
    const posts: number[] = [];
    let fivexx = 0;
    let errors = 0;
    let accepted = 0;
    const deadline = Date.now() + seconds * 1000;
    const reader = async (r: number) => {
      for (let i = 0; Date.now() < deadline; i++) {
        const started = performance.now();
        try {
          const res = await fetch(`${base}/${SLUGS[(r + i) % SLUGS.length]}`, { headers: { 'user-agent': `${BROWSER_UA} reader-${r}` } });
          await res.arrayBuffer();
          if (res.status >= 500) fivexx++;
        } catch {
          errors++;
        }
        reads.push(performance.now() - started);
      }
    };
    const commenter = async (c: number) => {
      for (let i = 0; Date.now() < deadline; i++) {
        const started = performance.now();
        try {
          const res = await postComment(base, SLUGS[0]!, `Scale bench comment ${count}-${c}-${i}`, `Bench ${c}`);
          await res.arrayBuffer();
          if (res.status === 201) accepted++;
          else if (res.status >= 500) fivexx++;
        } catch {
          errors++;
        }
        posts.push(performance.now() - started);
      }
    };
    // Probes spread over the run, under the load, each on its own (a slow one does not hold up the
    // next): posted on A, read from B (from A itself with one instance).
    const freshness: number[] = [];
    let stale = 0;
    const prober = async () => {
      const probes = Number(values.probes);
      const gap = (seconds * 1000) / (probes + 1);
      const running: Promise<void>[] = [];
      for (let n = 0; n < probes; n++) {
        await sleep(gap);
        running.push(probeFreshness(instances[0]!, instances[count - 1]!, n).then((ms) => void (ms === null ? stale++ : freshness.push(ms))));
      }
      await Promise.all(running);
    };
    await Promise.all([
      ...Array.from({ length: Number(values.readers) }, (_, r) => reader(r)),
      ...Array.from({ length: Number(values.commenters) }, (_, c) => commenter(c)),
      prober(),
    ]);
    reads.sort((x, y) => x - y);
    posts.sort((x, y) => x - y);
    freshness.sort((x, y) => x - y);
    // What the instances said about the page cache (Redis unreachable, a command that failed).
    for (const instance of instances) {
      const lines = instance.stdout().split('\n').filter((l) => l.includes('page cache'));
      if (lines.length > 0) console.log(`${instance.name}: ${lines.length} page cache warning(s), the last: ${lines.at(-1)!.slice(0, 300)}`);
    }
    const rows = await database.query<{ n: number }>(`SELECT COUNT(*)::int AS n FROM "Comment" WHERE "body" LIKE 'Scale bench comment %'`);
    return {
      instances: count, readRps: reads.length / seconds, readP50: percentile(reads, 50), readP99: percentile(reads, 99),
      postRps: posts.length / seconds, postP99: percentile(posts, 99), fivexx, errors, accepted, stored: rows[0]?.n ?? 0, freshness, stale,
    };
  } finally {
    await balancer?.close();
    await Promise.all(instances.map((i) => i.kill('SIGTERM')));
    await database.drop();
  }
}

const ms = (n: number) => (Number.isFinite(n) ? `${Math.round(n)}` : '–');

async function main() {
  if (!existsSync(path.join(ROOT, '.next', 'BUILD_ID'))) throw new Error('Build first: npm run build');
  const one = await run(1);
  const two = await run(2);
  console.log(`\n${values.readers} readers + ${values.commenters} commenters for ${seconds} s through nginx (deploy/nginx.conf), PostgreSQL${REDIS_URL ? ', Redis' : ', no Redis (REDIS_URL unset)'}; load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log('instances  reads/s  read p50/p99 ms  posts/s  post p99 ms  accepted  stored  5xx  errors  freshness p50/max ms (probes, not seen)');
  for (const r of [one, two]) {
    const fresh = `${ms(percentile(r.freshness, 50))} / ${ms(r.freshness.at(-1) ?? NaN)} (${r.freshness.length}, ${r.stale})`;
    console.log(`${String(r.instances).padStart(9)} ${r.readRps.toFixed(0).padStart(8)} ${`${ms(r.readP50)} / ${ms(r.readP99)}`.padStart(16)} ${r.postRps.toFixed(0).padStart(8)} ${r.postP99.toFixed(0).padStart(12)} ${String(r.accepted).padStart(9)} ${String(r.stored).padStart(7)} ${String(r.fivexx).padStart(4)} ${String(r.errors).padStart(7)}  ${fresh}`);
  }
  console.log('freshness: a comment posted on instance A until it is in instance B\'s issue page (with one instance: A\'s own page)');
  console.log(`scaling factor (two instances / one, reads/s): ${(two.readRps / one.readRps).toFixed(2)}`);
  if ([one, two].some((r) => r.fivexx > 0 || r.errors > 0 || r.stored !== r.accepted)) process.exit(1);
}

void main();
