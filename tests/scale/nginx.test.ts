// The shipped deploy/nginx.conf, run by Debian's nginx exactly as rendered for a deployment, in
// front of small HTTP servers that record what reaches them: which requests are sent again, the
// headers an instance gets, body caps, and what the micro-cache may and may not keep.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../bench/server';
import { startNginx, type Balancer } from './support';

const SHARED = 'public, max-age=0, s-maxage=60, stale-while-revalidate=60, stale-if-error=86400';

type Seen = { method: string; url: string; headers: http.IncomingHttpHeaders; bytes: number };
type Upstream = { url: string; seen: Seen[]; close: () => Promise<void> };

/** An instance stand-in: /api/health answers 200; every other request is recorded, then `answer` decides. */
async function startUpstream(answer: (req: http.IncomingMessage, res: http.ServerResponse, n: number) => void): Promise<Upstream> {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    let bytes = 0;
    req.on('data', (c: Buffer) => (bytes += c.length));
    req.on('end', () => {
      if (req.url === '/api/health') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, bytes });
      answer(req, res, seen.length);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, seen, close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}

/** Takes the request, then dies without an answer: the request reached it and may have been applied. */
const dropAfterReading = (req: http.IncomingMessage) => req.socket.destroy();

let opened: { close: () => Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(opened.map((o) => o.close()));
  opened = [];
});
async function balancer(upstreams: string[], options: { microCache?: boolean } = {}): Promise<Balancer> {
  const b = await startNginx(upstreams, options);
  opened.push(b);
  return b;
}
async function upstream(answer: Parameters<typeof startUpstream>[0]): Promise<Upstream> {
  const u = await startUpstream(answer);
  opened.push(u);
  return u;
}

describe('retries', () => {
  it('a POST that reached an instance is never sent to another; a GET is', async () => {
    const [a, b] = [await upstream(dropAfterReading), await upstream(dropAfterReading)];
    const lb = await balancer([a.url, b.url]);
    const posted = await fetch(`${lb.url}/api/comments`, { method: 'POST', body: new URLSearchParams({ body: 'once only' }) });
    expect(posted.status).toBe(502);
    expect([...a.seen, ...b.seen].filter((s) => s.method === 'POST')).toHaveLength(1);

    const read = await fetch(`${lb.url}/an-issue`);
    expect(read.status).toBe(502);
    // Tried on both (nginx may try a third time when the first attempt went over a kept-alive connection).
    expect(a.seen.some((s) => s.method === 'GET') && b.seen.some((s) => s.method === 'GET')).toBe(true);
  });

  it('a POST that could not reach an instance (connection refused) goes to the next one', async () => {
    const live = await upstream((_req, res) => res.writeHead(201).end('stored'));
    const refused = `http://127.0.0.1:${await freePort()}`; // nothing listens there
    const lb = await balancer([refused, live.url]);
    for (let i = 0; i < 4; i++) {
      const res = await fetch(`${lb.url}/api/comments`, { method: 'POST', body: new URLSearchParams({ body: `post ${i}` }) });
      expect(res.status).toBe(201);
    }
    expect(live.seen.filter((s) => s.method === 'POST')).toHaveLength(4);
    // At least one of them went to the dead address first (the access log names both upstreams).
    await expect.poll(() => lb.accessLog().split('\n').filter((l) => l.includes('"POST"') && l.includes(', ')).length, { timeout: 5_000 }).toBeGreaterThan(0);
  });
});

describe('what an instance receives', () => {
  it('the client address appended to X-Forwarded-For, and one request id of nginx’s, sent back to the reader', async () => {
    const echo = await upstream((_req, res) => res.writeHead(200, { 'x-request-id': 'from-the-instance' }).end('ok'));
    const lb = await balancer([echo.url]);
    const res = await fetch(`${lb.url}/an-issue`, { headers: { 'x-forwarded-for': '203.0.113.9', 'x-request-id': 'chosen-by-the-reader' } });
    expect(res.status).toBe(200);
    const got = echo.seen.at(-1)!.headers;
    expect(got['x-forwarded-for']).toBe('203.0.113.9, 127.0.0.1');
    expect(got['x-request-id']).toMatch(/^[0-9a-f]{32}$/);
    expect(res.headers.get('x-request-id')).toBe(got['x-request-id']);
    expect(got.host).toBe(new URL(lb.url).host);
    expect(got.connection).not.toBe('close'); // kept alive to the instance
  });

  it('bodies up to the app’s caps reach it; larger ones are refused by nginx', async () => {
    const sink = await upstream((_req, res) => res.writeHead(201).end());
    const lb = await balancer([sink.url]);
    const post = (p: string, bytes: number) => fetch(`${lb.url}${p}`, { method: 'POST', body: Buffer.alloc(bytes, 'a') }).then((r) => r.status);
    expect(await post('/api/comments', 64 * 1024)).toBe(201); // the comment form's cap
    expect(await post('/api/comments', 200 * 1024)).toBe(413);
    expect(await post('/api/publish', 5 * 1024 * 1024)).toBe(201); // webhook bodies
    expect(await post('/admin/newsletter/import', 20 * 1024 * 1024)).toBe(201); // subscriber CSVs
    expect(sink.seen.map((s) => s.bytes)).toEqual([64 * 1024, 5 * 1024 * 1024, 20 * 1024 * 1024]);
    expect(await post('/api/publish/refresh', 10)).toBe(404); // an instance's own request, never from outside
  });
});

describe('the micro-cache', () => {
  const app = (req: http.IncomingMessage, res: http.ServerResponse, n: number) => {
    const page = (cacheControl: string, extra: Record<string, string> = {}) => res.writeHead(200, { 'content-type': 'text/html', 'cache-control': cacheControl, ...extra }).end(`answer ${n}`);
    if (req.url!.startsWith('/shared')) return page(SHARED);
    if (req.url === '/private') return page('private, no-store');
    if (req.url === '/sets-cookie') return page(SHARED, { 'set-cookie': 'masthead_comments=1; HttpOnly' });
    res.writeHead(404).end();
  };
  const get = async (base: string, p: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${base}${p}`, { headers });
    return { cache: res.headers.get('x-cache'), body: await res.text() };
  };

  it('is off as shipped: every request reaches an instance', async () => {
    const origin = await upstream(app);
    const lb = await balancer([origin.url]);
    expect((await get(lb.url, '/shared')).cache).toBeNull();
    await get(lb.url, '/shared');
    expect(origin.seen).toHaveLength(2);
  });

  it('switched on, keeps what the app marks shareable (s-maxage) and nothing personal', async () => {
    const origin = await upstream(app);
    const lb = await balancer([origin.url], { microCache: true });
    const first = await get(lb.url, '/shared');
    expect(await get(lb.url, '/shared')).toEqual({ cache: 'HIT', body: first.body });

    // private, no-store: never stored, each reader gets their own answer.
    const privates = [await get(lb.url, '/private'), await get(lb.url, '/private')];
    expect(privates.map((p) => p.cache)).not.toContain('HIT');
    expect(new Set(privates.map((p) => p.body)).size).toBe(2);

    // An answer that sets a cookie is never stored.
    await get(lb.url, '/sets-cookie');
    expect((await get(lb.url, '/sets-cookie')).cache).not.toBe('HIT');

    // A request with the reader's own state skips the cache, and what it got is not kept for others.
    for (const cookie of ['masthead_author=s.ig', 'theme=dark; masthead_comments=abc', 'masthead_pending=x']) {
      expect((await get(lb.url, '/shared', { cookie })).cache).toBe('BYPASS');
    }
    expect((await get(lb.url, '/shared', { authorization: 'Basic eDp5' })).cache).toBe('BYPASS');
    expect((await get(lb.url, '/shared-other', { cookie: 'masthead_author=s.ig' })).cache).toBe('BYPASS');
    expect((await get(lb.url, '/shared-other')).cache).toBe('MISS');
    // A cookie the server never reads (the popup's) does not bypass it.
    expect((await get(lb.url, '/shared', { cookie: 'masthead_subscriber=1' })).cache).toBe('HIT');
  });
});
