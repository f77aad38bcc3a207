// Scale-out under load: 200 concurrent readers and 20 commenters for 60 s through the load balancer
// of tests/scale/support.ts, on one instance and then on two (same build, one PostgreSQL, side by
// side in one run): requests/s, p99, 5xx, and the scaling factor two instances give.
// `npm run build && npm run bench:scale [-- --duration 60 --readers 200 --commenters 20]`
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BROWSER_UA, createDatabase, postComment, ROOT, startBalancer, startInstance, type Instance } from '../tests/scale/support';
import { percentile } from './server';

const { values } = parseArgs({
  options: { duration: { type: 'string', default: '60' }, readers: { type: 'string', default: '200' }, commenters: { type: 'string', default: '20' } },
});
const POSTGRES = process.env.BENCH_POSTGRES_URL ?? process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SLUGS = ['writing-is-the-job', 'boring-infrastructure', 'hiring-the-first-ten-engineers'];

type Result = { instances: number; readRps: number; readP99: number; postRps: number; postP99: number; fivexx: number; errors: number; accepted: number; stored: number };

async function run(count: number): Promise<Result> {
  const database = await createDatabase(POSTGRES);
  const instances: Instance[] = [];
  let balancer: Awaited<ReturnType<typeof startBalancer>> | undefined;
  try {
    const env = { DATABASE_URL: database.url, COMMENTS_RATE_LIMIT: 'off', LOG_LEVEL: 'warn' };
    for (let i = 0; i < count; i++) instances.push(await startInstance(`i${i}`, env));
    balancer = await startBalancer(instances.map((i) => i.url));
    const base = balancer.url;
    const reads: number[] = [];
    const posts: number[] = [];
    let fivexx = 0;
    let errors = 0;
    let accepted = 0;
    const deadline = Date.now() + Number(values.duration) * 1000;
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
    await Promise.all([
      ...Array.from({ length: Number(values.readers) }, (_, r) => reader(r)),
      ...Array.from({ length: Number(values.commenters) }, (_, c) => commenter(c)),
    ]);
    reads.sort((x, y) => x - y);
    posts.sort((x, y) => x - y);
    const rows = await database.query<{ n: number }>(`SELECT COUNT(*)::int AS n FROM "Comment" WHERE "body" LIKE 'Scale bench comment %'`);
    const n = rows[0]?.n ?? 0;
    const seconds = Number(values.duration);
    return { instances: count, readRps: reads.length / seconds, readP99: percentile(reads, 99), postRps: posts.length / seconds, postP99: percentile(posts, 99), fivexx, errors, accepted, stored: n };
  } finally {
    await balancer?.close();
    await Promise.all(instances.map((i) => i.kill('SIGTERM')));
    await database.drop();
  }
}

async function main() {
  if (!existsSync(path.join(ROOT, '.next', 'BUILD_ID'))) throw new Error('Build first: npm run build');
  const one = await run(1);
  const two = await run(2);
  console.log(`\n${values.readers} readers + ${values.commenters} commenters for ${values.duration} s through the balancer, PostgreSQL`);
  console.log('instances  reads/s  read p99 ms  posts/s  post p99 ms  accepted  stored  5xx  errors');
  for (const r of [one, two]) {
    console.log(`${String(r.instances).padStart(9)} ${r.readRps.toFixed(0).padStart(8)} ${r.readP99.toFixed(0).padStart(12)} ${r.postRps.toFixed(0).padStart(8)} ${r.postP99.toFixed(0).padStart(12)} ${String(r.accepted).padStart(9)} ${String(r.stored).padStart(7)} ${String(r.fivexx).padStart(4)} ${String(r.errors).padStart(7)}`);
  }
  console.log(`scaling factor (two instances / one, reads/s): ${(two.readRps / one.readRps).toFixed(2)}`);
  if ([one, two].some((r) => r.fivexx > 0 || r.errors > 0 || r.stored !== r.accepted)) process.exit(1);
}

void main();
