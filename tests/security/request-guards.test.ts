import { describe, expect, it } from 'vitest';
import { clientIp, readBody, readBytes } from '@/lib/request';
import { isMalformedPath, loggedPath } from '../../scripts/request-address.mjs';
import { cachePolicy, PRIVATE_CACHE_CONTROL, SHARED_CACHE_CONTROL } from '../../scripts/response-policy.mjs';
import { clientAddress, parseTrustProxy, peerIsTrusted } from '../../scripts/trust-proxy.mjs';
import type { IncomingMessage } from 'node:http';

/** A chunked body (no Content-Length) of `total` bytes, made as it is read; counts what was pulled. */
function chunkedRequest(total: number, type: string) {
  const chunk = new TextEncoder().encode('a'.repeat(64 * 1024));
  const pulled = { bytes: 0 };
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled.bytes >= total) return controller.close();
      pulled.bytes += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  const request = new Request('http://x/api', { method: 'POST', body, headers: { 'content-type': type }, duplex: 'half' } as RequestInit);
  return { request, pulled };
}

describe('reading a body: a hard cap whatever the framing', () => {
  it.each(['multipart/form-data; boundary=x', 'application/json', 'application/x-www-form-urlencoded'])(
    'a chunked 100 MB %s body is refused after the cap, not read to its end',
    async (type) => {
      const { request, pulled } = chunkedRequest(100 * 1024 * 1024, type);
      expect(await readBody(request, 64 * 1024)).toEqual({ ok: false, error: 'too-large' });
      expect(pulled.bytes).toBeLessThan(1024 * 1024);
    },
  );

  it('a Content-Length over the cap is refused before reading', async () => {
    const request = new Request('http://x/api', { method: 'POST', body: 'a=1', headers: { 'content-length': '999999', 'content-type': 'text/plain' } });
    expect(await readBytes(request, 1000)).toEqual({ ok: false, error: 'too-large' });
  });

  it('reads a multipart upload within the cap, its file as text when asked', async () => {
    const form = new FormData();
    form.set('file', new Blob(['email\nreader@example.com\n']), 'list.csv');
    form.set('note', 'hi');
    const request = new Request('http://x/import', { method: 'POST', body: form });
    expect(await readBody(request, 4096, { files: true })).toEqual({ ok: true, value: { file: 'email\nreader@example.com\n', note: 'hi' } });
  });
});

describe('malformed addresses and what the access log writes', () => {
  it.each(['/%ff', '/og/%ff', '/tags/%ff', '/api/discussions/%ff', '/%c0%af', '/%e0%80%af', '/%00', '/a%'])('%s is not an address', (path) => {
    expect(isMalformedPath(path)).toBe(true);
  });

  it.each(['/', '/tags/l%C3%A9adership', '/small-tools-sharp-edges', '/a%20b'])('%s is one', (path) => {
    expect(isMalformedPath(path)).toBe(false);
  });

  it('logs the path and the names of the query parameters, never their values', () => {
    expect(loggedPath('/admin/verify?token=SECRET')).toBe('/admin/verify?token');
    expect(loggedPath('/unsubscribe?token=SECRET&token=AGAIN&utm_source=mail')).toBe('/unsubscribe?token&utm_source');
    expect(loggedPath('/?SECRET%20VALUE')).toBe('/');
    expect(loggedPath('/archive')).toBe('/archive');
  });
});

describe('cache classes', () => {
  const get = (pathname: string, status = 200, setsCookie = false) => cachePolicy({ method: 'GET', pathname, status, setsCookie });

  it.each(['/', '/small-tools-sharp-edges', '/archive', '/tags/craft', '/feed.xml', '/atom.xml', '/sitemap.xml', '/robots.txt', '/og', '/og/small-tools-sharp-edges', '/js/comments.js', '/images/readme/cover.png'])(
    '%s may be shared',
    (path) => expect(get(path)).toEqual({ shared: true, cacheControl: SHARED_CACHE_CONTROL }),
  );

  it.each(['/small-tools-sharp-edges/comments', '/admin', '/admin/comments', '/admin/verify', '/api/discussions/small-tools-sharp-edges', '/api/health', '/subscribe/confirm', '/subscribe/check-inbox', '/unsubscribe', '/comments/stop-replies', '/_masthead/not-an-address'])(
    '%s is private',
    (path) => expect(get(path)).toEqual({ shared: false, cacheControl: PRIVATE_CACHE_CONTROL }),
  );

  it('a public address is private when it fails, sets a cookie or is not a read', () => {
    expect(get('/no-such-issue', 404).cacheControl).toBe(PRIVATE_CACHE_CONTROL);
    expect(get('/', 200, true).cacheControl).toBe(PRIVATE_CACHE_CONTROL);
    expect(cachePolicy({ method: 'POST', pathname: '/', status: 200, setsCookie: false }).cacheControl).toBe(PRIVATE_CACHE_CONTROL);
    expect(get('/', 304).cacheControl).toBe(SHARED_CACHE_CONTROL);
  });

  it("Next's hashed assets keep their own header", () => {
    expect(get('/_next/static/chunks/app.js')).toEqual({ shared: true, cacheControl: null });
  });
});

describe('trusted proxies', () => {
  const req = (peer: string, forwarded?: string) =>
    ({ socket: { remoteAddress: peer }, connection: { remoteAddress: peer }, headers: forwarded ? { 'x-forwarded-for': forwarded } : {} }) as unknown as IncomingMessage;
  const trust = (value: string) => {
    const parsed = parseTrustProxy(value);
    if (!parsed.ok) throw new Error(parsed.error);
    return parsed.trust;
  };

  it('by default the client is the socket peer, whatever X-Forwarded-For says', () => {
    expect(clientAddress(req('203.0.113.9', '198.51.100.1'), trust(''))).toBe('203.0.113.9');
    expect(peerIsTrusted(req('127.0.0.1'), trust(''))).toBe(false);
  });

  it('behind a trusted proxy the client is the first untrusted hop from the right', () => {
    const behind = trust('loopback, 10.0.0.0/8');
    expect(clientAddress(req('127.0.0.1', '198.51.100.1'), behind)).toBe('198.51.100.1');
    // A client that writes its own X-Forwarded-For only adds hops to the left of its real address.
    expect(clientAddress(req('127.0.0.1', '6.6.6.6, 198.51.100.1, 10.0.0.7'), behind)).toBe('198.51.100.1');
    // A peer that is not a listed proxy is the client, even if it sends the header.
    expect(clientAddress(req('203.0.113.9', '198.51.100.1'), behind)).toBe('203.0.113.9');
    expect(peerIsTrusted(req('::ffff:127.0.0.1'), behind)).toBe(true);
  });

  it('the app reads the one address the server hands it', () => {
    expect(clientIp(new Headers({ 'x-forwarded-for': '198.51.100.1' }))).toBe('198.51.100.1');
    expect(clientIp(new Headers())).toBe('unknown');
  });
});
