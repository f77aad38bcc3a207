import { gunzipSync, brotliDecompressSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  chooseEncoding,
  decodeRecord,
  encodingFor,
  encodeRecord,
  isCompressible,
  matchesEtag,
  pathOfKey,
  tagState,
  withinRevalidate,
} from '../../scripts/page-cache-entry.mjs';
import { PageCache } from '../../scripts/page-cache.mjs';
import { parseAccessLog, parsePageCacheSettings } from '../../scripts/page-cache-settings.mjs';

const ROUTE = '/route-cache/APP_ROUTE/a8780fd21c0efb9bb02eb0c07a86caa1b22492ef5eb255a493aab1823266da43';
const issueTags = '_N_T_/layout,_N_T_/[slug]/layout,_N_T_/[slug]/route,_N_T_/first-light';
const page = (html: string, extra: Record<string, string> = {}) => ({
  kind: 'APP_ROUTE',
  status: 200,
  body: Buffer.from(html),
  headers: { 'content-type': 'text/html; charset=utf-8', 'x-next-cache-tags': issueTags, ...extra },
});

/** Until the entry's compressed forms are made (zlib's thread pool), lookups pass to Next. */
async function lookedUp(cache: PageCache, path: string, encoding: 'br' | 'gzip' | 'identity') {
  for (let i = 0; i < 200; i++) {
    const hit = cache.lookup(path, encoding);
    if (hit) return hit;
    await new Promise((r) => setTimeout(r, 5));
  }
  return null;
}

describe('which page a storage key stands for', () => {
  it('reads the request path out of a route handler key, with Next’s /index spelling undone', () => {
    expect(pathOfKey(`${ROUTE}/$/first-light`)).toBe('/first-light');
    expect(pathOfKey(`${ROUTE}/$/index`)).toBe('/');
    expect(pathOfKey(`${ROUTE}/$/index/index`)).toBe('/index');
    expect(pathOfKey(`${ROUTE}/$/tags/field-notes`)).toBe('/tags/field-notes');
    expect(pathOfKey(`${ROUTE}/$/feed.xml`)).toBe('/feed.xml');
  });

  it('never for a React page or a fetch entry', () => {
    expect(pathOfKey('/route-cache/APP_PAGE/abc/$/_not-found')).toBeNull();
    expect(pathOfKey('4f1c9e')).toBeNull();
  });
});

describe('freshness', () => {
  const manifest = new Map([['_N_T_/first-light', { expired: 2_000 }], ['_N_T_/layout', { stale: 5_000 }]]);
  it('an invalidation after the entry was written expires it; one before does not', () => {
    expect(tagState(['_N_T_/first-light'], 1_000, manifest, 3_000)).toBe('expired');
    expect(tagState(['_N_T_/first-light'], 2_500, manifest, 3_000)).toBe('fresh');
    expect(tagState(['_N_T_/other'], 1_000, manifest, 3_000)).toBe('fresh');
  });

  it('a stale mark leaves it servable by Next while it renders anew', () => {
    expect(tagState(['_N_T_/layout'], 4_000, manifest, 6_000)).toBe('stale');
  });

  it('a revalidate time ages it; false never does', () => {
    const record = { value: null, lastModified: 10_000, cacheControl: { revalidate: 60 } };
    expect(withinRevalidate(record, 69_999)).toBe(true);
    expect(withinRevalidate(record, 70_000)).toBe(false);
    expect(withinRevalidate({ ...record, cacheControl: { revalidate: false } }, 1e12)).toBe(true);
  });
});

describe('encodings', () => {
  it('brotli, then gzip, as the reader rates them', () => {
    expect(chooseEncoding('gzip, deflate, br, zstd')).toBe('br');
    expect(chooseEncoding('gzip, deflate')).toBe('gzip');
    expect(chooseEncoding('br;q=0, gzip')).toBe('gzip');
    expect(chooseEncoding('br;q=0.5, gzip;q=0.9')).toBe('gzip');
    expect(chooseEncoding('*')).toBe('br');
    expect(chooseEncoding('*;q=0')).toBe('identity');
  });

  it('remembers its choice per header without ever mixing two headers up', () => {
    for (let i = 0; i < 600; i++) expect(encodingFor(i % 2 ? `gzip;q=0.${i % 9 + 1}` : `br;q=0.${i % 9 + 1}, gzip;q=0`)).toBe(i % 2 ? 'gzip' : 'br');
    expect(encodingFor('x'.repeat(300) + ', gzip')).toBe('gzip');
  });

  it('identity for nothing, refusals, nonsense and junk q-values', () => {
    for (const header of [undefined, '', 'identity', 'gzip;q=0, br;q=0', 'compress', 'gzip;q=abc', 'br;q=2', 'gzip;q=-1', ',,,;;;===']) {
      expect(chooseEncoding(header)).toBe('identity');
    }
  });

  it('compresses text, feeds and SVG, not PNG', () => {
    expect(isCompressible('text/html; charset=utf-8')).toBe(true);
    expect(isCompressible('application/rss+xml; charset=utf-8')).toBe(true);
    expect(isCompressible('image/svg+xml')).toBe(true);
    expect(isCompressible('image/png')).toBe(false);
  });

  it('matches If-None-Match weakly, in lists and with *', () => {
    const etags = ['"abc"', '"abc-gz"'];
    expect(matchesEtag('"abc"', etags)).toBe(true);
    expect(matchesEtag('W/"abc-gz"', etags)).toBe(true);
    expect(matchesEtag('"x", "abc"', etags)).toBe(true);
    expect(matchesEtag('*', etags)).toBe(true);
    expect(matchesEtag('"abcd"', etags)).toBe(false);
    expect(matchesEtag(undefined, etags)).toBe(false);
  });
});

describe('an entry in Redis', () => {
  it('round-trips its metadata and body bytes', () => {
    const record = { value: page('<p>café</p>'), lastModified: 1234, cacheControl: { revalidate: 60, expire: 31536000 } };
    const back = decodeRecord(encodeRecord(record));
    expect(back).toMatchObject({ lastModified: 1234, cacheControl: { revalidate: 60 }, value: { kind: 'APP_ROUTE', status: 200, headers: record.value.headers } });
    expect(back!.value!.body!.toString()).toBe('<p>café</p>');
  });

  it('refuses damaged or foreign bytes', () => {
    expect(decodeRecord(Buffer.from('hello world'))).toBeNull();
    expect(decodeRecord(Buffer.from([0, 0, 0, 2, 123, 125]))).toBeNull();
    expect(decodeRecord(null)).toBeNull();
    expect(encodeRecord({ value: { kind: 'APP_PAGE' }, lastModified: 1 })).toBeNull();
  });
});

describe('the page cache in memory', () => {
  const key = `${ROUTE}/$/first-light`;

  it('serves what Next stored, compressed once, until a comment’s revalidatePath expires it', async () => {
    const cache = new PageCache();
    expect(await cache.get(key)).toBeNull(); // Next renders
    await cache.set(key, page('<h1>First light</h1>'.repeat(50)), { revalidate: 60 });
    const gz = await lookedUp(cache, '/first-light', 'gzip');
    const br = await lookedUp(cache, '/first-light', 'br');
    const plain = cache.lookup('/first-light', 'identity')!;
    expect(gunzipSync(gz!.body).equals(plain.body)).toBe(true);
    expect(brotliDecompressSync(br!.body).equals(plain.body)).toBe(true);
    expect(gz!.body.length).toBeLessThan(plain.body.length);
    await cache.revalidateTag(['_N_T_/first-light']);
    expect(cache.lookup('/first-light', 'identity')).toBeNull();
    expect(await cache.get(key)).toBeNull();
  });

  it('a render that began before an invalidation is expired by it', async () => {
    const cache = new PageCache();
    expect(await cache.get(key)).toBeNull(); // the render starts, reading the comments
    await new Promise((r) => setTimeout(r, 5));
    await cache.revalidateTag(['_N_T_/first-light']); // a comment lands meanwhile
    await cache.set(key, page('<p>without the new comment</p>'), { revalidate: 60 });
    expect(await cache.get(key)).toBeNull();
  });

  it('keeps no personalised or failed answer for the server to send', async () => {
    const cache = new PageCache();
    await cache.set(`${ROUTE}/$/with-cookie`, page('x', { 'set-cookie': 'a=b' }), { revalidate: 60 });
    await cache.set(`${ROUTE}/$/missing`, { ...page('gone'), status: 404 }, { revalidate: 60 });
    await new Promise((r) => setTimeout(r, 50));
    expect(cache.lookup('/with-cookie', 'identity')).toBeNull();
    expect(cache.lookup('/missing', 'identity')).toBeNull();
  });

  it('stays within its size, dropping the least recently used first', async () => {
    const cache = new PageCache({ maxBytes: 40_000 });
    const big = (n: number) => page(String(n).repeat(12_000).slice(0, 12_000));
    for (const n of [1, 2, 3]) await cache.set(`${ROUTE}/$/p${n}`, big(n), { revalidate: 60 });
    await lookedUp(cache, '/p1', 'identity'); // p1 read: p2 is now the oldest
    await cache.set(`${ROUTE}/$/p4`, big(4), { revalidate: 60 });
    await lookedUp(cache, '/p4', 'identity');
    expect(cache.bytes).toBeLessThanOrEqual(40_000);
    expect(cache.lookup('/p2', 'identity')).toBeNull();
    expect(cache.lookup('/p1', 'identity')).not.toBeNull();
  });
});

describe('settings', () => {
  it('take a redis:// address, a prefix and a size, and refuse anything else with the variable’s name', () => {
    expect(parsePageCacheSettings({})).toEqual({ ok: true, redisUrl: null, prefix: 'masthead:', maxBytes: 50 * 1024 * 1024 });
    expect(parsePageCacheSettings({ REDIS_URL: 'redis://127.0.0.1:6379/2', REDIS_PREFIX: 'site-a:' })).toMatchObject({ ok: true, redisUrl: 'redis://127.0.0.1:6379/2', prefix: 'site-a:' });
    expect(parsePageCacheSettings({ REDIS_URL: 'http://127.0.0.1:6379' })).toMatchObject({ ok: false, variable: 'REDIS_URL' });
    expect(parsePageCacheSettings({ REDIS_PREFIX: 'a b' })).toMatchObject({ ok: false, variable: 'REDIS_PREFIX' });
    expect(parsePageCacheSettings({ PAGE_CACHE_MB: '0' })).toMatchObject({ ok: false, variable: 'PAGE_CACHE_MB' });
  });

  it('ACCESS_LOG is on, off or sample:N', () => {
    expect(parseAccessLog(undefined)).toEqual({ ok: true, every: 1 });
    expect(parseAccessLog('off')).toEqual({ ok: true, every: 0 });
    expect(parseAccessLog('sample:100')).toEqual({ ok: true, every: 100 });
    for (const bad of ['sample:0', 'sample:x', 'sometimes', 'sample:1.5']) expect(parseAccessLog(bad)).toMatchObject({ ok: false, variable: 'ACCESS_LOG' });
  });
});
