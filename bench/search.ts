// Search over 500 generated issues (~2,000 words each, bench/publish-content.ts) and 20,000
// comments, on SQLite and on PostgreSQL (`npm run bench:search [-- --iterations 200 --only sqlite|postgres]`).
// Each database is a fresh one of its own (bench/databases.ts); the content is written to a
// temporary folder. Measures, in this process, exactly what /search does per request: the index
// check, the issue and comment queries, the excerpts. Prints p50/p95 per query, and how long the
// first index of the 500 issues took.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { onBenchDatabases } from './databases';
import { generateNewsletter, seeded, slugOf, WORDS } from './publish-content';
import { percentile } from './server';

const { values } = parseArgs({ options: { iterations: { type: 'string', default: '200' }, only: { type: 'string' }, issues: { type: 'string', default: '500' }, comments: { type: 'string', default: '20000' } } });
const ISSUES = Number(values.issues);
const COMMENTS = Number(values.comments);
// The generated issues use ~250 words, so each of these is in nearly every issue; in the comments
// (the same words) "database" is in about one in ten, "zanzibar" in 20, and "the" in most.
const QUERIES = ['database', 'zanzibar', 'the', 'quietly rollback'];

function writeContent(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'masthead-bench-search-'));
  for (const [file, data] of Object.entries(generateNewsletter(ISSUES))) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), data);
  }
  return dir;
}

function commentRows() {
  const rng = seeded(20_000);
  return Array.from({ length: COMMENTS }, (_, i) => {
    const words = Array.from({ length: 12 + Math.floor(rng() * 40) }, () => WORDS[Math.floor(rng() * WORDS.length)]!);
    if (i % 1000 === 1) words.push('zanzibar');
    return {
      id: `bench-${i}`,
      issueSlug: slugOf(1 + (i % ISSUES)),
      body: `${words.join(' ')}.`,
      authorName: `Reader ${i % 300}`,
      status: i % 20 === 0 ? 'pending' : 'published',
      createdAt: new Date(Date.UTC(2025, 0, 1) + i * 60_000),
    };
  });
}

async function main() {
  const content = writeContent();
  process.env.CONTENT_DIR = content;
  process.env.APP_SECRET ??= 'bench-secret-bench-secret-bench-secret';
  // As under `next start`: content is read once per process, not on every search as in development.
  (process.env as Record<string, string>).NODE_ENV = 'production';
  const { readyDb } = await import('@/lib/db-ready');
  const { disconnectDb } = await import('@/lib/db/client');
  const { ensureSearchIndex, searchSite } = await import('@/lib/search/service');
  const rows = commentRows();
  try {
    const lines = await onBenchDatabases(values.only, async (bench) => {
      process.env.DATABASE_URL = bench.url;
      await disconnectDb();
      const db = await readyDb();
      for (let i = 0; i < rows.length; i += 500) await db.comment.createMany({ data: rows.slice(i, i + 500) });
      // As autovacuum would have by then on a live site: statistics for the 20,000 new rows.
      if (bench.kind === 'postgres') await db.$executeRawUnsafe('ANALYZE "Comment"');
      const started = performance.now();
      await ensureSearchIndex();
      const indexMs = performance.now() - started;
      const out = [`${bench.kind}: ${ISSUES} issues, ${COMMENTS} comments; first index of the issues ${Math.round(indexMs)} ms`];
      for (const q of QUERIES) {
        const outcome = await searchSite(q); // warm
        const found = outcome.kind === 'results' ? `${outcome.issues.length} issues, ${outcome.comments.length} comments shown` : outcome.kind;
        const times: number[] = [];
        for (let i = 0; i < Number(values.iterations); i++) {
          const t = performance.now();
          await searchSite(q);
          times.push(performance.now() - t);
        }
        times.sort((a, b) => a - b);
        out.push(`  ${JSON.stringify(q).padEnd(20)} p50 ${percentile(times, 50).toFixed(2)} ms  p95 ${percentile(times, 95).toFixed(2)} ms  (${found})`);
      }
      // What the index costs a write: a comment approved and deleted again (the triggers update the index).
      const writes: number[] = [];
      for (let i = 0; i < 40; i++) {
        const t = performance.now();
        await db.comment.update({ where: { id: `bench-${(i % 20) * 20}` }, data: { status: i < 20 ? 'published' : 'deleted' } });
        writes.push(performance.now() - t);
      }
      writes.sort((a, b) => a - b);
      out.push(`  a comment approved or deleted (row and index): p50 ${percentile(writes, 50).toFixed(2)} ms  p95 ${percentile(writes, 95).toFixed(2)} ms`);
      await disconnectDb();
      return out.join('\n');
    });
    console.log(lines.join('\n'));
  } finally {
    rmSync(content, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
