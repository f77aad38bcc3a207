// The page cache through the production server (scripts/server.mjs on the build, what `npm start`
// runs), on a fixture newsletter: filled by Next's first render, then answered by the server itself
// (`x-masthead-cache: hit`), with ETags and precompressed bodies; a comment invalidates it at once;
// nothing personal is ever in it. Once with the process's memory, once shared through Redis.
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIfNeeded } from '../scale/global-setup';
import { dropPrefix, fixtureContent, postComment, raw, redisReachable, runPrefix, startCacheServer, untilCached, type Server } from '../support/page-cache';

const redis = await redisReachable();
if (!redis) console.warn('\n[masthead] SKIPPED: the page cache tests on Redis (nothing listens on 127.0.0.1:6379).\n');

const REDIS_URL = 'redis://127.0.0.1:6379';
const prefix = runPrefix('server');
const backends: Array<[string, Record<string, string>]> = [['memory', {}], ...(redis ? [['Redis', { REDIS_URL, REDIS_PREFIX: prefix }] as [string, Record<string, string>]] : [])];

describe.each(backends)('the page cache in %s', (name, settings) => {
  let server: Server;
  beforeAll(async () => {
    buildIfNeeded();
    server = await startCacheServer(name.toLowerCase(), fixtureContent(), settings);
  }, 600_000);
  afterAll(async () => {
    await server?.kill('SIGTERM');
    if (settings.REDIS_URL) await dropPrefix(REDIS_URL, prefix);
  });

  it('is filled by the first read and answers the next ones itself, with Next’s headers', async () => {
    const first = await raw(server.url, '/second-wind');
    expect(first.status).toBe(200);
    const hit = await untilCached(server.url, '/second-wind');
    expect(hit.headers['x-masthead-cache']).toBe('hit');
    expect(hit.body.equals(first.body)).toBe(true);
    expect(hit.headers).toMatchObject({
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'public, max-age=0, s-maxage=60, stale-while-revalidate=60, stale-if-error=86400',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      vary: 'Accept-Encoding',
    });
    expect(hit.headers['content-security-policy']).toContain("script-src 'self';"); // no nonce: the page has no inline script
    expect(hit.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(hit.headers['x-next-cache-tags']).toBeUndefined();
    // Feeds and the home page too.
    for (const p of ['/', '/feed.xml', '/tags/field-notes']) expect((await untilCached(server.url, p)).headers['x-masthead-cache']).toBe('hit');
  });

  it('answers 304 to a matching If-None-Match, and HEAD without a body', async () => {
    const page = await untilCached(server.url, '/second-wind', { 'accept-encoding': 'gzip' });
    const etag = String(page.headers.etag);
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await raw(server.url, '/second-wind', { 'accept-encoding': 'gzip', 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect(again.headers.etag).toBe(etag);
    const other = await raw(server.url, '/second-wind', { 'accept-encoding': 'gzip', 'if-none-match': '"something-else"' });
    expect(other.status).toBe(200);
    const head = await raw(server.url, '/second-wind', {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(Number(head.headers['content-length'])).toBeGreaterThan(1000);
  });

  it('sends gzip and brotli bodies that decode to the very bytes of the page', async () => {
    const plain = await untilCached(server.url, '/second-wind', { 'accept-encoding': 'identity' });
    const gz = await untilCached(server.url, '/second-wind', { 'accept-encoding': 'gzip' });
    const br = await untilCached(server.url, '/second-wind', { 'accept-encoding': 'gzip, deflate, br' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(br.headers['content-encoding']).toBe('br');
    expect(gunzipSync(gz.body).equals(plain.body)).toBe(true);
    expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
    expect(new Set([plain.headers.etag, gz.headers.etag, br.headers.etag]).size).toBe(3); // one ETag per representation
  });

  it('shows a new comment on the very next read of the page', async () => {
    expect((await untilCached(server.url, '/first-light')).headers['x-masthead-cache']).toBe('hit');
    const text = `A comment for the cache ${name} ${Date.now()}`;
    expect((await postComment(server.url, 'first-light', text)).status).toBe(201);
    const next = await raw(server.url, '/first-light');
    expect(next.body.toString()).toContain(text);
    // …and from then on from the cache again, with the comment.
    const cached = await untilCached(server.url, '/first-light');
    expect(cached.headers['x-masthead-cache']).toBe('hit');
    expect(cached.body.toString()).toContain(text);
  });

  it('never hands a reader’s own pending comment, or anything personal, to another reader', async () => {
    // More links than COMMENTS_MAX_LINKS: held for the author in any moderation mode.
    const text = `Held for moderation ${name} ${Date.now()} https://a.example https://b.example https://c.example https://d.example`;
    const posted = await postComment(server.url, 'first-light', text);
    expect(posted.status).toBe(201); // stored, as pending
    expect(posted.cookie).not.toBe('');
    const mine = await raw(server.url, '/first-light/comments', { cookie: posted.cookie });
    expect(mine.body.toString()).toContain('Held for moderation');
    for (let i = 0; i < 3; i++) {
      expect(mine.headers['x-masthead-cache']).toBeUndefined();
      for (const [p, cookie] of [['/first-light', ''], ['/first-light', posted.cookie], ['/first-light/comments', ''], ['/', '']] as const) {
        const other = await raw(server.url, p, cookie ? { cookie } : {});
        expect(other.body.toString()).not.toContain('Held for moderation');
      }
      const again = await raw(server.url, '/first-light/comments', { cookie: posted.cookie });
      expect(again.headers['x-masthead-cache']).toBeUndefined();
      expect(again.headers['cache-control']).toBe('private, no-store');
    }
    for (const p of ['/admin', '/api/health', '/api/comments?slug=first-light', '/first-light/comments', '/no-such-issue']) {
      for (let i = 0; i < 3; i++) expect((await raw(server.url, p)).headers['x-masthead-cache'], p).toBeUndefined();
    }
  });
});
