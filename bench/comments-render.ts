// Render time of an issue page carrying 2,000 comments in 200 threads, on SQLite.
// `npm run bench:comments-render [-- --iterations 200]`. Measures, in this process, exactly what
// the issue route does on a (re)render: read the discussion, thread it, render the whole page.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { percentile } from './server';

const { values } = parseArgs({ options: { iterations: { type: 'string', default: '200' }, threads: { type: 'string', default: '200' }, replies: { type: 'string', default: '9' } } });
const SLUG = 'boring-infrastructure';

async function main() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'masthead-bench-'));
  process.env.DATABASE_URL = `file:${path.join(dir, 'bench.db')}`;
  process.env.APP_SECRET ??= 'bench-secret-bench-secret-bench-secret';
  // As under `next start`: content is read once per process, not on every render as in development.
  (process.env as Record<string, string>).NODE_ENV = 'production';
  // Imported after DATABASE_URL is set: the client reads it on first use.
  const { readyDb } = await import('@/lib/db-ready');
  const { disconnectDb } = await import('@/lib/db/client');
  const { loadSection } = await import('@/app/_handlers/comments');
  const { renderIssuePage } = await import('@/components/article/issue-page');
  const content = await import('@/lib/content/service');
  const { getSiteInfo } = await import('@/lib/site');
  try {
    const db = await readyDb();
    const threads = Number(values.threads);
    const replies = Number(values.replies);
    const start = Date.UTC(2025, 0, 1);
    const rows = [];
    let n = 0;
    for (let t = 0; t < threads; t++) {
      const root = `bench-root-${t}`;
      rows.push(row(root, null, start + n++ * 60_000, t));
      for (let r = 0; r < replies; r++) {
        // Every third reply answers the previous reply: "in reply to …" chains, as real threads have.
        const parent = r > 0 && r % 3 === 0 ? `bench-reply-${t}-${r - 1}` : root;
        rows.push(row(`bench-reply-${t}-${r}`, parent, start + n++ * 60_000, r));
      }
    }
    for (let i = 0; i < rows.length; i += 500) await db.comment.createMany({ data: rows.slice(i, i + 500) });
    console.log(`Seeded ${rows.length} comments in ${threads} threads on SQLite.`);

    const issue = content.getRenderedIssue(SLUG)!;
    const render = async () => {
      const comments = await loadSection(SLUG, { ownIds: new Set(), now: new Date(), isAuthor: false });
      return renderIssuePage({ site: getSiteInfo(), issue, others: content.getOtherIssues(SLUG), cover: content.getCover(issue), comments, cta: 'Subscribe.', popupDelaySeconds: 20 });
    };
    const t0 = performance.now();
    const first = await render();
    const cold = performance.now() - t0;
    const times: number[] = [];
    for (let i = 0; i < Number(values.iterations); i++) {
      const s = performance.now();
      await render();
      times.push(performance.now() - s);
    }
    times.sort((a, b) => a - b);
    const { getDiscussion } = await import('@/lib/comments/discussion');
    const dbTimes: number[] = [];
    for (let i = 0; i < 30; i++) {
      const s = performance.now();
      await getDiscussion(SLUG, { ownIds: new Set(), now: new Date() });
      dbTimes.push(performance.now() - s);
    }
    dbTimes.sort((a, b) => a - b);
    console.log(`  of which reading and threading the discussion: p50 ${percentile(dbTimes, 50).toFixed(1)} ms`);
    const visible = (first.match(/<article class="comment/g) ?? []).length;
    console.log(`Comments on the page: ${visible}`);
    console.log(`First render (Markdown of every comment not yet cached): ${cold.toFixed(1)} ms`);
    console.log(`Render p50 ${percentile(times, 50).toFixed(1)} ms · p99 ${percentile(times, 99).toFixed(1)} ms (${times.length} renders)`);
    console.log(`HTML ${(first.length / 1000).toFixed(0)} KB raw, ${(gzipSync(first, { level: 9 }).length / 1000).toFixed(0)} KB gzip`);
    console.log(`Target: p50 under 100 ms on SQLite: ${percentile(times, 50) < 100 ? 'PASS' : 'MISS'}`);
  } finally {
    await disconnectDb();
    rmSync(dir, { recursive: true, force: true });
  }
}

function row(id: string, parentId: string | null, at: number, i: number) {
  return {
    id, issueSlug: SLUG, parentId, authorName: `Reader ${i}`, authorEmail: null, isAuthor: i % 17 === 0, status: 'published',
    body: `This is comment ${id}. It has *emphasis*, \`code\`, a [link](https://example.org/${i}) and two paragraphs.\n\nThe second paragraph says a little more, as real comments do, about hiring and boring infrastructure.`,
    notifyReplies: false, ipHash: null, createdAt: new Date(at),
  };
}

void main();
