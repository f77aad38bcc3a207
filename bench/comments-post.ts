// 50 concurrent commenters for 20 s against a production build, on SQLite and on PostgreSQL:
// accepted comments/s, latency, and a count check that every accepted comment is stored once.
// `npm run bench:comments-post [-- --duration 20 --connections 50 --only sqlite|postgres]`.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { onBenchDatabases } from './databases';
import { percentile, ROOT, startServer } from './server';

const { values } = parseArgs({
  options: { duration: { type: 'string', default: '20' }, connections: { type: 'string', default: '50' }, only: { type: 'string' } },
});
const SLUG = 'writing-is-the-job';

type Outcome = { kind: string; accepted: number; refused: number; errors: number; rps: number; p50: number; p99: number; stored: number };

async function run(kind: 'sqlite' | 'postgres', databaseUrl: string, count: () => Promise<number>): Promise<Outcome> {
  const server = await startServer(`comments-${kind}`, { DATABASE_URL: databaseUrl, COMMENTS_RATE_LIMIT: 'off', COMMENTS_MIN_SECONDS: '0', COMMENTS_NOTIFY: 'off' });
  try {
    // Form tokens are single-use: each poster starts with one of its own and posts the next
    // comment with the fresh token every answer carries, as the comment script does.
    const freshToken = async () => ((await (await fetch(`${server.url}/api/comments?slug=${SLUG}`)).json()) as { formToken: string }).formToken;
    // Our own load loop rather than autocannon: each poster waits for its answer, so when time is
    // up no request is left in flight and "accepted" is exact, which the count check needs.
    let n = 0;
    let accepted = 0;
    let refused = 0;
    let errors = 0;
    const latencies: number[] = [];
    const deadline = Date.now() + Number(values.duration) * 1000;
    const poster = async () => {
      let token = await freshToken();
      while (Date.now() < deadline) {
        const i = n++;
        const started = performance.now();
        try {
          const res = await fetch(`${server.url}/api/comments`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
            // Every body differs: identical ones would be refused as duplicates.
            body: new URLSearchParams({ slug: SLUG, formToken: token, name: `Bench ${i}`, body: `Load test comment number ${i}, with a little text to store.` }),
          });
          token = ((await res.json().catch(() => ({}))) as { formToken?: string }).formToken ?? token;
          if (res.status === 201) accepted++;
          else refused++;
        } catch {
          errors++;
        }
        latencies.push(performance.now() - started);
      }
    };
    await Promise.all(Array.from({ length: Number(values.connections) }, poster));
    latencies.sort((a, b) => a - b);
    const r = { p50: Math.round(percentile(latencies, 50)), p99: Math.round(percentile(latencies, 99)) };
    await new Promise((res) => setTimeout(res, 500));
    return { kind, accepted, refused, errors, rps: accepted / Number(values.duration), p50: r.p50, p99: r.p99, stored: await count() };
  } finally {
    await server.kill('SIGTERM');
  }
}

async function main() {
  if (!existsSync(path.join(ROOT, '.next', 'BUILD_ID'))) throw new Error('Build first: npm run build');
  const outcomes = await onBenchDatabases(values.only, (db) => run(db.kind, db.url, () => db.count('select count(*) from "Comment"')));
  console.log(`\n${values.connections} concurrent posters, ${values.duration} s each, COMMENTS_RATE_LIMIT=off`);
  console.log('database   accepted/s  p50 ms  p99 ms  accepted  stored  refused  errors  exactly-once');
  for (const o of outcomes) {
    console.log(
      `${o.kind.padEnd(10)} ${o.rps.toFixed(0).padStart(10)}  ${String(o.p50).padStart(6)}  ${String(o.p99).padStart(6)}  ${String(o.accepted).padStart(8)}  ${String(o.stored).padStart(6)}  ${String(o.refused).padStart(7)}  ${String(o.errors).padStart(6)}  ${o.stored === o.accepted ? 'yes' : 'NO'}`,
    );
  }
  if (outcomes.some((o) => o.stored !== o.accepted || o.errors > 0)) process.exit(1);
}

void main();
