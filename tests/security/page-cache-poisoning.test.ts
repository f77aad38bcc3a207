// Attempts to poison the page cache (scripts/page-cache.mjs) or to make it hand out something it
// must not, against a real production server with the defaults a reader gets (no TRUST_PROXY): the
// hostile request is the one that makes Next render and store the page, then a plain reader reads it.
import http from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTHOR_PASSWORD, authorCookie } from '../../bench/server';
import { buildIfNeeded } from '../scale/global-setup';
import { fixtureContent, postComment, raw, startCacheServer, untilCached, type Server } from '../support/page-cache';

let server: Server;
beforeAll(async () => {
  buildIfNeeded();
  server = await startCacheServer('poisoning', fixtureContent(), { AUTHOR_PASSWORD });
}, 600_000);
afterAll(async () => server?.kill('SIGTERM'));

const EVIL = 'evil.example';
const hostile = {
  host: EVIL,
  'x-forwarded-host': EVIL,
  'x-forwarded-proto': 'gopher',
  'x-forwarded-for': '203.0.113.9',
  'x-forwarded-port': '666',
  forwarded: `host=${EVIL};proto=https`,
  'x-original-url': '/admin',
  'x-rewrite-url': '/admin',
};

describe('the page cache against poisoning', () => {
  it('stores no Host or X-Forwarded-* a reader sends, on pages with absolute links', async () => {
    for (const p of ['/second-wind', '/feed.xml', '/atom.xml', '/sitemap.xml', '/robots.txt', '/']) {
      const first = await raw(server.url, p, hostile); // the render Next stores
      expect(first.status, p).toBe(200);
      expect(first.body.toString(), p).not.toContain(EVIL);
      const later = await untilCached(server.url, p);
      expect(later.headers['x-masthead-cache'], p).toBe('hit');
      expect(later.body.toString(), p).not.toContain(EVIL);
      expect(later.body.toString(), p).not.toContain('gopher');
      const hostileHit = await raw(server.url, p, hostile);
      expect(hostileHit.body.equals(later.body), p).toBe(true);
    }
  });

  it('ignores query strings: none is reflected, and each answers the one stored page', async () => {
    const first = await raw(server.url, '/first-light?q=%3Cscript%3Ealert(1)%3C/script%3E&utm_source=%22%3E%3Cimg');
    expect(first.status).toBe(200);
    const plain = await untilCached(server.url, '/first-light');
    for (const q of ['?q=<script>alert(1)</script>', '?__nextDataReq=1', '?_rsc=abc', '?x='.padEnd(4000, 'a')]) {
      const answer = await raw(server.url, `/first-light${encodeURI(q)}`);
      expect(answer.status, q.slice(0, 30)).toBe(200);
      expect(answer.body.equals(plain.body), q.slice(0, 30)).toBe(true);
    }
    expect(plain.body.toString()).not.toContain('alert(1)');
    expect(plain.body.toString()).not.toContain('<img');
  });

  it('gives every reader the encoding they asked for, and says it varies by it', async () => {
    const plain = await untilCached(server.url, '/second-wind', { 'accept-encoding': 'identity' });
    const cases: Array<[string, 'identity' | 'gzip' | 'br']> = [
      ['', 'identity'],
      ['gzip;q=0, br;q=0', 'identity'],
      ['br;q=0', 'identity'],
      ['x-gzip', 'gzip'],
      ['GZIP', 'gzip'],
      ['br;q=0.1, gzip;q=0.9', 'gzip'],
      ['gzip;q=1e9, br', 'br'],
      ['deflate, compress, zstd', 'identity'],
      [`${'x,'.repeat(3000)}br`, 'identity'], // read up to 1,024 characters only
      ['*', 'br'],
    ];
    for (const [header, expected] of cases) {
      const answer = await untilCached(server.url, '/second-wind', header ? { 'accept-encoding': header } : {});
      expect(answer.headers['x-masthead-cache'], header.slice(0, 30)).toBe('hit');
      expect(answer.headers.vary, header.slice(0, 30)).toBe('Accept-Encoding');
      expect(answer.headers['content-encoding'] ?? 'identity', header.slice(0, 30)).toBe(expected);
      const decoded = expected === 'gzip' ? gunzipSync(answer.body) : expected === 'br' ? brotliDecompressSync(answer.body) : answer.body;
      expect(decoded.equals(plain.body), header.slice(0, 30)).toBe(true);
    }
  });

  it('cannot be made to render on demand, nor to revalidate, by request headers', async () => {
    await untilCached(server.url, '/second-wind');
    const headers: Array<Record<string, string>> = [
      { 'cache-control': 'no-cache' },
      { pragma: 'no-cache' },
      { 'x-prerender-revalidate': 'guessed' },
      { rsc: '1' },
      { 'next-router-prefetch': '1' },
      { 'next-router-state-tree': '%5B%22%22%5D' },
      { 'x-nextjs-data': '1' },
      { 'x-middleware-subrequest': 'middleware:middleware:middleware:middleware:middleware' },
    ];
    for (const h of headers) expect((await raw(server.url, '/second-wind', h)).headers['x-masthead-cache'], JSON.stringify(h)).toBe('hit');
  });

  it('answers 304 only for the page’s own ETags, and bounds what it reads of If-None-Match', async () => {
    const first = await untilCached(server.url, '/first-light');
    const other = await untilCached(server.url, '/second-wind');
    expect((await raw(server.url, '/first-light', { 'if-none-match': String(other.headers.etag) })).status).toBe(200);
    expect((await raw(server.url, '/first-light', { 'if-none-match': String(first.headers.etag) })).status).toBe(304);
    expect((await raw(server.url, '/first-light', { 'if-none-match': `${'"x", '.repeat(2000)}${first.headers.etag}` })).status).toBe(200);
  });

  it('keeps addresses apart: only the exact path of a stored page is answered from it', async () => {
    await untilCached(server.url, '/second-wind');
    for (const p of ['/second-wind/', '/Second-Wind', '/%73econd-wind', '//second-wind', '/second-wind;x', '/second-wind%2F', '/second-wind/comments', '/tags/../second-wind']) {
      expect((await raw(server.url, p)).headers['x-masthead-cache'], p).toBeUndefined();
    }
    // A GET carrying a body is left to Next's path, which never reads it.
    expect((await raw(server.url, '/second-wind', { 'content-length': '0' })).headers['x-masthead-cache']).toBe('hit');
    const withBody = await new Promise<http.IncomingMessage>((resolve, reject) => {
      const req = http.request(`${server.url}/second-wind`, { method: 'GET', headers: { 'content-length': '5' }, agent: false }, (res) => (res.resume(), resolve(res)));
      req.on('error', reject);
      req.end('hello');
    });
    expect(withBody.headers['x-masthead-cache']).toBeUndefined();
    for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH']) {
      expect((await raw(server.url, '/second-wind', {}, method)).headers['x-masthead-cache'], method).toBeUndefined();
    }
  });

  it('serves the author and a commenter the same shared bytes as anyone (cookies never vary it)', async () => {
    const author = await authorCookie(server.url);
    const { cookie: own } = await postComment(server.url, 'second-wind', `Mine ${Date.now()} https://a.example https://b.example https://c.example https://d.example`);
    const anyone = await untilCached(server.url, '/second-wind');
    for (const cookie of [author, own, `${author}; ${own}`]) {
      const answer = await raw(server.url, '/second-wind', { cookie });
      expect(answer.body.equals(anyone.body)).toBe(true);
      expect(answer.headers['set-cookie']).toBeUndefined();
    }
    // The author's own views are personal: /admin is never stored or served from the cache.
    for (let i = 0; i < 3; i++) {
      const admin = await raw(server.url, '/admin/comments', { cookie: author });
      expect(admin.headers['x-masthead-cache']).toBeUndefined();
      expect(admin.headers['cache-control']).toBe('private, no-store');
    }
    expect(anyone.body.toString()).not.toContain('Sign out');
  });

  it('never echoes a request id an untrusted peer chose, from the cache either', async () => {
    await untilCached(server.url, '/second-wind');
    const answer = await raw(server.url, '/second-wind', { 'x-request-id': 'chosen-by-attacker' });
    expect(answer.headers['x-masthead-cache']).toBe('hit');
    expect(answer.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
