// The page cache shared through Redis by two instances of the production server (one SQLite file,
// a redis-server of the test's own): a comment posted on A is in B's page within a second; with
// Redis stopped, both go on answering readers from memory, and both recover by themselves.
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../bench/server';
import { buildIfNeeded } from '../scale/global-setup';
import { fixtureContent, ownRedis, postComment, raw, startCacheServer, untilCached, type Server } from '../support/page-cache';

const hasRedis = existsSync('/usr/bin/redis-server');
if (!hasRedis) console.warn('\n[masthead] SKIPPED: the shared page cache tests (no redis-server; apt-get install redis-server).\n');

/** Reads until the page holds `text`; how long that took. */
async function msUntilShown(base: string, pathname: string, text: string, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if ((await raw(base, pathname)).body.toString().includes(text)) return Date.now() - started;
    await new Promise((r) => setTimeout(r, 20));
  }
  return Infinity;
}

/** Readers on every instance for `ms`: every answer that is not 200. */
async function readFor(instances: Server[], ms: number): Promise<{ reads: number; failures: string[] }> {
  const paths = ['/', '/first-light', '/second-wind', '/feed.xml', '/tags/field-notes'];
  const failures: string[] = [];
  let reads = 0;
  const until = Date.now() + ms;
  await Promise.all(
    Array.from({ length: 6 }, async (_, n) => {
      while (Date.now() < until) {
        const base = instances[n % instances.length]!.url;
        const p = paths[(reads + n) % paths.length]!;
        try {
          const answer = await raw(base, p, { 'accept-encoding': 'gzip' });
          reads++;
          if (answer.status !== 200) failures.push(`${answer.status} ${base}${p}`);
        } catch (error) {
          failures.push(`${(error as Error).message} ${base}${p}`);
        }
      }
    }),
  );
  return { reads, failures };
}

describe.skipIf(!hasRedis)('the page cache shared through Redis', () => {
  let redis: Awaited<ReturnType<typeof ownRedis>>;
  let a: Server;
  let b: Server;
  beforeAll(async () => {
    buildIfNeeded();
    redis = await ownRedis();
    const content = fixtureContent();
    // No access log: the test reads the instances' own lines about Redis.
    const shared = { ACCESS_LOG: 'off', REDIS_URL: redis.url, DATABASE_URL: `file:${path.join(os.tmpdir(), `masthead-page-cache-shared-${process.pid}-${Date.now()}.db`)}` };
    a = await startCacheServer('a', content, shared);
    b = await startCacheServer('b', { ...content, CONTENT_CLONE_DIR: `${content.CONTENT_CLONE_DIR}-b` }, shared);
  }, 600_000);
  afterAll(async () => {
    await Promise.all([a?.kill('SIGTERM'), b?.kill('SIGTERM')]);
    await redis?.stop();
  }, 60_000);

  it('puts a comment posted on A into B’s cached page within a second', async () => {
    expect((await untilCached(b.url, '/first-light')).headers['x-masthead-cache']).toBe('hit');
    const text = `Seen everywhere ${Date.now()}`;
    expect((await postComment(a.url, 'first-light', text)).status).toBe(201);
    const ms = await msUntilShown(b.url, '/first-light', text, 5_000);
    console.log(`[page cache] a comment posted on A was in B's page ${ms} ms after A answered`);
    expect(ms).toBeLessThan(1_000);
  });

  it('keeps answering readers while Redis is down, and recovers without a restart', async () => {
    for (const s of [a, b]) for (const p of ['/', '/first-light', '/second-wind']) await untilCached(s.url, p);
    await redis.stop();
    const during = await readFor([a, b], 3_000);
    // A comment while Redis is down: A's own page has it at once; B cannot hear of it yet.
    const text = `Posted during the outage ${Date.now()}`;
    expect((await postComment(a.url, 'first-light', text)).status).toBe(201);
    expect((await raw(a.url, '/first-light')).body.toString()).toContain(text);
    const stillDown = await readFor([a, b], 1_000);
    expect(during.failures).toEqual([]);
    expect(stillDown.failures).toEqual([]);
    expect(during.reads).toBeGreaterThan(50);
    for (const s of [a, b]) expect(s.stdout()).toContain('page cache: Redis unreachable, serving from memory');

    await redis.start();
    // Back: B forgets what it may have missed, and A sends the invalidation it kept.
    expect(await msUntilShown(b.url, '/first-light', text, 15_000)).toBeLessThan(15_000);
    for (const s of [a, b]) await expect.poll(() => s.stdout(), { timeout: 10_000 }).toContain('page cache: Redis is back');
    const after = `After the outage ${Date.now()}`;
    expect((await postComment(a.url, 'first-light', after)).status).toBe(201);
    expect(await msUntilShown(b.url, '/first-light', after, 5_000)).toBeLessThan(1_000);
    expect((await untilCached(b.url, '/first-light')).headers['x-masthead-cache']).toBe('hit');
  }, 120_000);

  it('starts and serves from memory when Redis cannot be reached at all', async () => {
    const closed = await freePort();
    const alone = await startCacheServer('no-redis', fixtureContent(), { REDIS_URL: `redis://127.0.0.1:${closed}` });
    try {
      const { failures } = await readFor([alone], 1_500);
      expect(failures).toEqual([]);
      expect((await untilCached(alone.url, '/second-wind')).headers['x-masthead-cache']).toBe('hit');
      const text = `No Redis at all ${Date.now()}`;
      expect((await postComment(alone.url, 'second-wind', text)).status).toBe(201);
      expect((await raw(alone.url, '/second-wind')).body.toString()).toContain(text);
    } finally {
      await alone.kill('SIGTERM');
    }
  }, 120_000);
});
