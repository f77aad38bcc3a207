// What a reader sees while a part of a deployment fails under load, as deployed: two instances of
// the production build behind Debian's nginx with the shipped deploy/nginx.conf, one PostgreSQL,
// and a redis-server of the test's own sharing the page cache (never the machine's Redis, which
// other runs use). Readers load issue pages, the home page and a feed all the time, commenters
// post (so pages are invalidated and rendered again while it happens). Not one reader may see an
// error: no status of 500 or more, no reset connection, no page cut short.
//   - Redis stopped for 10 seconds: every instance serves from its own memory, and comes back to
//     the shared cache by itself (a comment posted on A is in B's page within a second again).
//   - One instance SIGKILLed: nginx sends its readers to the other one.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ownRedis } from '../support/page-cache';
import { BROWSER_UA, createDatabase, NGINX, postComment, sleep, startInstance, startNginx, type Balancer, type Instance } from './support';

const POSTGRES = process.env.TEST_POSTGRES_URL?.trim();
const HAS_REDIS = existsSync('/usr/bin/redis-server');
// The fixture newsletter's (tests/fixtures/site, served by startInstance): the scale suites' issues
// and the long one, on servers and a database of this test's own.
const SLUG = 'keeping-the-light';
const PAGES = ['/the-pilot-boat', '/keeping-the-light', '/', '/feed.xml', '/a-year-at-the-lighthouse', '/atom.xml'];
if (!HAS_REDIS) console.warn('\n[masthead] SKIPPED: the failover scale tests (no redis-server; apt-get install redis-server).\n');

type Read = { at: number; path: string; status: number; problem: string | null };

/**
 * `readers` readers through `base`, each reading one page after another (the whole body, which
 * fetch decompresses: a page cut short rejects), and `commenters` posting, until stopped.
 */
function load(base: string, { readers = 16, commenters = 2 } = {}) {
  const reads: Read[] = [];
  let posted = 0;
  let running = true;
  const readerLoops = Array.from({ length: readers }, async (_, r) => {
    for (let i = 0; running; i++) {
      const path = PAGES[(r + i) % PAGES.length]!;
      const at = Date.now();
      try {
        const res = await fetch(`${base}${path}`, { headers: { 'user-agent': `${BROWSER_UA} reader-${r}` }, signal: AbortSignal.timeout(15_000) });
        const body = await res.text();
        const whole = path.endsWith('.xml') ? body.trimEnd().endsWith('>') : body.includes('</html>');
        reads.push({ at, path, status: res.status, problem: res.status >= 500 ? `status ${res.status}` : whole ? null : 'page cut short' });
      } catch (error) {
        const e = error as Error & { cause?: { code?: string; message?: string } };
        reads.push({ at, path, status: 0, problem: `${e.message}${e.cause ? ` (${e.cause.code ?? e.cause.message})` : ''}` });
      }
    }
  });
  const commenterLoops = Array.from({ length: commenters }, async (_, c) => {
    for (let i = 0; running; i++) {
      const res = await postComment(base, SLUG, `Failover comment ${c}-${i} ${Date.now()}`, `Commenter ${c}`).catch(() => null);
      await res?.arrayBuffer().catch(() => undefined);
      if (res?.status === 201) posted++;
      await sleep(200);
    }
  });
  return {
    reads,
    posted: () => posted,
    stop: async () => {
      running = false;
      await Promise.all([...readerLoops, ...commenterLoops]);
    },
  };
}

/** Reads `path` on `instance` until it holds `text`: how long that took (Infinity past the timeout). */
async function msUntilShown(instance: Instance, path: string, text: string, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    const page = await fetch(`${instance.url}${path}`, { headers: { 'user-agent': BROWSER_UA } }).then((r) => r.text(), () => '');
    if (page.includes(text)) return Date.now() - started;
    await sleep(20);
  }
  return Infinity;
}

/** Reads every page on `instance` until it is answered from the page cache (the first read renders it, loading its route). */
async function warm(instance: Instance): Promise<void> {
  for (const path of PAGES) {
    const deadline = Date.now() + 30_000;
    while ((await fetch(`${instance.url}${path}`, { headers: { 'user-agent': BROWSER_UA } }).then(async (r) => (await r.arrayBuffer(), r.headers.get('x-masthead-cache')), () => null)) !== 'hit') {
      if (Date.now() > deadline) throw new Error(`${instance.name}: ${path} never came from the page cache`);
      await sleep(50);
    }
  }
}

const failuresOf = (reads: Read[]) => reads.filter((r) => r.problem !== null).map((r) => `${r.path}: ${r.problem}`);

describe.skipIf(!POSTGRES || !HAS_REDIS || !NGINX)('failures under load behind nginx, two instances sharing Redis and PostgreSQL', () => {
  let database: Awaited<ReturnType<typeof createDatabase>>;
  let redis: Awaited<ReturnType<typeof ownRedis>>;
  let a: Instance;
  let b: Instance;
  let balancer: Balancer;

  beforeAll(async () => {
    database = await createDatabase(POSTGRES!);
    redis = await ownRedis();
    const env = { DATABASE_URL: database.url, REDIS_URL: redis.url, COMMENTS_RATE_LIMIT: 'off', ACCESS_LOG: 'off', LOG_LEVEL: 'info' };
    [a, b] = await Promise.all([startInstance('failover-a', env), startInstance('failover-b', env)]);
    balancer = await startNginx([a.url, b.url]);
    await Promise.all([warm(a), warm(b)]);
  }, 120_000);

  afterAll(async () => {
    await balancer?.close();
    await Promise.all([a?.kill('SIGTERM'), b?.kill('SIGTERM')]);
    await redis?.stop();
    await database?.drop();
  });

  it('Redis stopped for 10 seconds: readers see no error, and the shared cache comes back without a restart', async () => {
    const before = `Before the Redis outage ${Date.now()}`;
    expect((await postComment(a.url, SLUG, before)).status).toBe(201);
    expect(await msUntilShown(b, `/${SLUG}`, before, 5_000)).toBeLessThan(1_000);

    const readers = load(balancer.url);
    await sleep(2_000);
    await redis.stop();
    const stopped = Date.now();
    await sleep(10_000);
    await redis.start();
    const started = Date.now();
    // Both instances find Redis again by themselves (they retry at most every 2 s).
    for (const instance of [a, b]) await expect.poll(() => instance.stdout(), { timeout: 15_000 }).toContain('page cache: Redis is back');
    await sleep(1_000);
    await readers.stop();

    const during = readers.reads.filter((r) => r.at >= stopped && r.at < started);
    console.log(`[failover] Redis stopped: ${during.length} reads during the 10 s, ${readers.reads.length} in all, ${readers.posted()} comments posted, ${failuresOf(readers.reads).length} failed`);
    expect(during.length).toBeGreaterThan(50);
    expect(readers.posted()).toBeGreaterThan(5); // pages were invalidated and rendered again meanwhile
    for (const instance of [a, b]) expect(instance.stdout()).toContain('page cache: Redis unreachable, serving from memory');
    expect(failuresOf(readers.reads)).toEqual([]);

    // Shared again: a comment posted on A is in B's page within a second.
    const after = `After the Redis outage ${Date.now()}`;
    expect((await postComment(a.url, SLUG, after)).status).toBe(201);
    expect(await msUntilShown(b, `/${SLUG}`, after, 5_000)).toBeLessThan(1_000);
  }, 90_000);

  it('one instance SIGKILLed: readers see no error, not even a page cut short at the kill', async () => {
    const readers = load(balancer.url);
    await sleep(3_000);
    await a.kill('SIGKILL');
    const killed = Date.now();
    await sleep(6_000);
    await readers.stop();

    console.log(`[failover] SIGKILL: ${readers.reads.filter((r) => r.at < killed).length} reads before the kill, ${readers.reads.filter((r) => r.at >= killed).length} after, ${failuresOf(readers.reads).length} failed`);
    expect(readers.reads.filter((r) => r.at < killed).length).toBeGreaterThan(50);
    expect(readers.reads.filter((r) => r.at >= killed).length).toBeGreaterThan(50);
    expect(failuresOf(readers.reads)).toEqual([]);
    expect((await fetch(`${b.url}/api/health`)).status).toBe(200);
  }, 60_000);
});
