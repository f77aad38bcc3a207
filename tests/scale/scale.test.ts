// Several app instances behind a load balancer, one PostgreSQL: what a grown-up deployment
// relies on. Real processes throughout: two `scripts/server.mjs` instances of the production
// build, Debian's nginx with the shipped deploy/nginx.conf, PostgreSQL (for the outage, a cluster
// of the test's own).
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../bench/server';
import {
  authorCookie, BROWSER_UA, createDatabase, createPrivateCluster, postComment, sleep, startInstance, startNginx, type Balancer, type Instance,
} from './support';
import { fixtureIssue } from '../support/fixture-site';

const POSTGRES = process.env.TEST_POSTGRES_URL?.trim();
// The fixture newsletter's (tests/fixtures/site): one issue to comment on, one to read.
const SLUG = 'the-pilot-boat';
const READ = 'keeping-the-light';
const TITLE = fixtureIssue(READ).title;
const unique = (text: string) => `${text} ${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;

describe.skipIf(!POSTGRES)('two instances, one PostgreSQL', () => {
  let database: Awaited<ReturnType<typeof createDatabase>>;
  let a: Instance;
  let b: Instance;
  let balancer: Balancer;

  beforeAll(async () => {
    database = await createDatabase(POSTGRES!);
    const env = { DATABASE_URL: database.url, SUBSCRIBE_RATE_LIMIT: '10/10m', COMMENTS_RATE_LIMIT: 'off' };
    [a, b] = await Promise.all([startInstance('a', env), startInstance('b', env)]);
    balancer = await startNginx([a.url, b.url]);
  }, 120_000);

  afterAll(async () => {
    await balancer?.close();
    await Promise.all([a?.kill('SIGTERM'), b?.kill('SIGTERM')]);
    await database?.drop();
  });

  it('a comment, a subscription and a view made through one instance are visible through the other', async () => {
    const body = unique('Posted through instance A.');
    const posted = await postComment(a.url, SLUG, body);
    expect(posted.status).toBe(201);
    expect(await (await fetch(`${b.url}/api/discussions/${SLUG}`)).text()).toContain(body);

    const email = `${unique('reader').replace(/\W/g, '-')}@example.com`;
    const subscribed = await fetch(`${a.url}/api/subscribe`, { method: 'POST', headers: { accept: 'application/json' }, body: new URLSearchParams({ email, source: 'footer' }) });
    expect(subscribed.status).toBe(200);
    const author = await authorCookie(b.url); // signed in on B with the cookie format A also accepts
    const search = await (await fetch(`${b.url}/admin/newsletter?q=${encodeURIComponent(email)}`, { headers: { cookie: author } })).text();
    expect(search).toContain(email);

    const viewsOnB = async () => {
      const html = await (await fetch(`${b.url}/admin/stats`, { headers: { cookie: author } })).text();
      const row = new RegExp(`${TITLE}</a></th><td class="num">([\\d,]+)`).exec(html);
      return Number(row?.[1]?.replace(/,/g, '') ?? NaN);
    };
    const before = await viewsOnB();
    expect((await fetch(`${a.url}/${READ}`, { headers: { 'user-agent': `${BROWSER_UA} ${unique('r')}` } })).status).toBe(200);
    await expect.poll(viewsOnB, { timeout: 5_000 }).toBe(before + 1);
  });

  it('with the micro-cache switched on, nginx keeps the shareable pages and never a reader’s own answer', async () => {
    const cached = await startNginx([a.url, b.url], { microCache: true });
    try {
      const page = () => fetch(`${cached.url}/${READ}`, { headers: { 'user-agent': BROWSER_UA } });
      const first = await page();
      await first.arrayBuffer();
      const second = await page();
      expect(second.headers.get('x-cache')).toBe('HIT');
      expect(second.headers.get('content-security-policy')).not.toContain('nonce-'); // one policy for every reader
      expect(await second.text()).toContain(TITLE);
      // The form token is a reader's own (private, no-store): never from the cache, never the same twice.
      const tokens = await Promise.all([1, 2].map(async () => {
        const res = await fetch(`${cached.url}/api/comments?slug=${SLUG}`);
        expect(res.headers.get('x-cache')).not.toBe('HIT');
        return ((await res.json()) as { formToken: string }).formToken;
      }));
      expect(tokens[0]).not.toBe(tokens[1]);
      // The author's requests skip it.
      const author = await authorCookie(cached.url);
      expect((await fetch(`${cached.url}/${READ}`, { headers: { cookie: author } })).headers.get('x-cache')).toBe('BYPASS');
    } finally {
      await cached.close();
    }
  });

  it('the subscribe rate limit holds across both instances: the sum accepted never exceeds it', async () => {
    // 40 attempts from one address, half to each instance, all at once; the limit is 10 per 10 minutes.
    const attempts = Array.from({ length: 40 }, (_, i) =>
      fetch(`${(i % 2 ? a : b).url}/api/subscribe`, {
        method: 'POST',
        headers: { accept: 'application/json', 'x-forwarded-for': '198.51.100.77' },
        body: new URLSearchParams({ email: `limit-${i}-${Date.now()}@example.com`, source: 'footer' }),
      }).then((r) => r.status),
    );
    const statuses = await Promise.all(attempts);
    expect(statuses.filter((s) => s === 200)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(30);
  });

  it('SIGKILL of one instance under readers and commenters: no accepted comment lost, none doubled, readers served throughout but for pages cut mid-transfer at the kill', async () => {
    const accepted: string[] = [];
    let failedPosts = 0;
    // Each read: when it started, its status (0: no answer), and whether its page arrived whole.
    const reads: { at: number; status: number; whole: boolean }[] = [];
    let stop = false;
    const readers = Array.from({ length: 20 }, async (_, r) => {
      while (!stop) {
        const at = Date.now();
        const res = await fetch(`${balancer.url}/${r % 2 ? SLUG : READ}`, { headers: { 'user-agent': BROWSER_UA } }).catch(() => null);
        const whole = res ? await res.arrayBuffer().then(() => true, () => false) : false;
        reads.push({ at, status: res?.status ?? 0, whole });
      }
    });
    const commenters = Array.from({ length: 5 }, async (_, c) => {
      for (let i = 0; !stop; i++) {
        const body = `Load comment ${c}-${i} ${Date.now()}`;
        const res = await postComment(balancer.url, SLUG, body, `Commenter ${c}`).catch(() => null);
        if (res?.status === 201) accepted.push(body);
        else failedPosts++;
        await res?.arrayBuffer().catch(() => undefined);
      }
    });
    await sleep(3_000);
    await a.kill('SIGKILL');
    const dead = Date.now(); // A has exited: nothing sent from now on can reach it
    await sleep(5_000);
    stop = true;
    await Promise.all([...readers, ...commenters]);

    expect(accepted.length).toBeGreaterThan(20);
    const stored = await database.query<{ body: string; n: number }>(
      `SELECT "body", COUNT(*)::int AS n FROM "Comment" WHERE "body" LIKE 'Load comment %' GROUP BY "body"`,
    );
    const storedBodies = new Map(stored.map((r) => [r.body, r.n]));
    expect(accepted.filter((body) => storedBodies.get(body) !== 1)).toEqual([]); // every accepted one, exactly once
    expect(stored.filter((r) => r.n > 1)).toEqual([]); // and no duplicate of anything
    // Only a post in flight on A at the kill may fail (never retried: it may have been applied).
    expect(failedPosts).toBeLessThanOrEqual(5);
    expect(reads.length).toBeGreaterThan(100);
    // A read A had not begun to answer went to B. One A was sending at the kill is cut short: nginx
    // (like any proxy that streams) cannot take back a half-sent page. So at most one read per
    // reader, in flight at the kill, fails; every read after it is served whole.
    const failed = reads.filter((r) => r.status !== 200 || !r.whole);
    expect(failed.filter((r) => r.at >= dead)).toEqual([]);
    expect(failed.length).toBeLessThanOrEqual(20);
    expect(failed.filter((r) => r.status !== 200 && r.status !== 0)).toEqual([]); // never an error page (502): at worst a cut transfer
    expect((await fetch(`${b.url}/api/health`)).status).toBe(200);
  }, 60_000);
});

describe.skipIf(!POSTGRES)('PostgreSQL stopped for 10 seconds under load', () => {
  it('pages keep being served, database routes answer 503 with Retry-After, nothing hangs, and it recovers without a restart', async (ctx) => {
    const cluster = await createPrivateCluster();
    if (!cluster) return ctx.skip(); // needs Debian's pg_createcluster and root (CI has both)
    let database: Awaited<ReturnType<typeof createDatabase>> | undefined;
    const instances: Instance[] = [];
    let balancer: Balancer | undefined;
    try {
      database = await createDatabase(cluster.url);
      const env = { DATABASE_URL: database.url, COMMENTS_RATE_LIMIT: 'off' };
      instances.push(...(await Promise.all([startInstance('a', env), startInstance('b', env)])));
      balancer = await startNginx(instances.map((i) => i.url));
      const base = balancer.url;
      type Sample = { at: number; kind: 'page' | 'discussion' | 'post'; status: number; ms: number; retryAfter: string | null; error?: string };
      const samples: Sample[] = [];
      const t0 = Date.now();
      let stop = false;
      const loop = (kind: Sample['kind'], request: () => Promise<Response>) => async () => {
        while (!stop) {
          const started = Date.now();
          let error: string | undefined;
          const res = await request().catch((e: Error & { cause?: { code?: string } }) => ((error = e.cause?.code ?? e.message), null));
          await res?.arrayBuffer().catch(() => undefined);
          samples.push({ at: started - t0, kind, status: res?.status ?? 0, ms: Date.now() - started, retryAfter: res?.headers.get('retry-after') ?? null, ...(error ? { error } : {}) });
          await sleep(50);
        }
      };
      const load = [
        ...Array.from({ length: 4 }, () => loop('page', () => fetch(`${base}/${READ}`, { headers: { 'user-agent': BROWSER_UA }, signal: AbortSignal.timeout(20_000) }))),
        ...Array.from({ length: 2 }, () => loop('discussion', () => fetch(`${base}/api/discussions/${SLUG}`, { signal: AbortSignal.timeout(20_000) }))),
        ...Array.from({ length: 2 }, (_, c) => loop('post', () => postComment(base, SLUG, unique(`Outage comment ${c}`)))),
      ].map((run) => run());

      await sleep(3_000);
      const outageStart = Date.now() - t0;
      cluster.stop();
      await sleep(4_000);
      const healthDuring = await fetch(`${instances[0]!.url}/api/health`, { signal: AbortSignal.timeout(8_000) });
      expect(healthDuring.status).toBe(503); // a balancer would take the instance out
      expect((await healthDuring.json()).database.status).toBe('unreachable');
      await sleep(6_000);
      cluster.start();
      const outageEnd = Date.now() - t0;
      await sleep(7_000);
      stop = true;
      await Promise.all(load);

      const during = samples.filter((s) => s.at >= outageStart + 1_000 && s.at + s.ms <= outageEnd);
      const before = samples.filter((s) => s.at + s.ms < outageStart);
      const after = samples.filter((s) => s.at > outageEnd + 4_000);
      // The article itself never stops.
      expect(samples.filter((s) => s.kind === 'page' && s.status !== 200)).toEqual([]);
      // Before and well after the outage everything works.
      expect([...before, ...after].filter((s) => s.status >= 400)).toEqual([]);
      expect(after.filter((s) => s.kind === 'post').length).toBeGreaterThan(0);
      // During it, what needs the database says so: 503 with Retry-After, never a 500, never a hang.
      const needsDb = during.filter((s) => s.kind !== 'page');
      expect(needsDb.length).toBeGreaterThan(10);
      expect(needsDb.filter((s) => s.status !== 503 || s.retryAfter === null)).toEqual([]);
      expect(samples.filter((s) => s.status === 0 || s.status === 500)).toEqual([]);
      expect(Math.max(...samples.map((s) => s.ms))).toBeLessThan(8_000);
      // Recovered by itself: both instances healthy again, no restart.
      for (const instance of instances) expect((await fetch(`${instance.url}/api/health`)).status).toBe(200);
    } finally {
      await balancer?.close();
      await Promise.all(instances.map((i) => i.kill('SIGTERM')));
      await database?.drop().catch(() => undefined);
      cluster.drop();
    }
  }, 120_000);
});

describe('one instance on its own', () => {
  it('a malformed setting stops the server at startup with one line naming it', async () => {
    await expect(startInstance('bad', { COMMENTS_RATE_LIMIT: 'lots' })).rejects.toThrow(/Invalid environment variable COMMENTS_RATE_LIMIT: must look like 5\/10m/);
    await expect(startInstance('public', { SITE_URL: 'https://notes.example.com', APP_SECRET: '' })).rejects.toThrow(/Invalid environment variable APP_SECRET: required when SITE_URL is a public address/);
  });

  it('logs one JSON line per request with the id it sends back, and the app’s own events carry the same id', async () => {
    // Mail goes to a port where nothing listens, so the request's own code logs a failure.
    const instance = await startInstance('logs', { LOG_LEVEL: 'info', SMTP_URL: `smtp://127.0.0.1:${await freePort()}` });
    try {
      const res = await fetch(`${instance.url}/api/subscribe`, { method: 'POST', headers: { accept: 'application/json' }, body: new URLSearchParams({ email: `logs-${Date.now()}@example.com`, source: 'footer' }) });
      expect(res.status).toBe(200); // the reader is told to check their inbox whatever happened to the mail
      const id = res.headers.get('x-request-id');
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      // The access log is written asynchronously and the mail fails after the answer: wait for both lines.
      const mineOf = () => instance.stdout().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.reqId === id);
      await expect.poll(() => mineOf().filter((l) => l.msg === 'request' || l.event === 'newsletter.confirmation-failed').length, { timeout: 10_000 }).toBe(2);
      const mine = mineOf();
      expect(mine.find((l) => l.msg === 'request')).toMatchObject({ level: 'info', method: 'POST', path: '/api/subscribe', status: 200, service: 'masthead' });
      expect(mine.find((l) => l.event === 'newsletter.confirmation-failed')).toMatchObject({ level: 'warn' });
      // A request id from a trusted proxy is kept (TRUST_PROXY=loopback here), a malformed one is replaced.
      const kept = await fetch(`${instance.url}/`, { headers: { 'x-request-id': 'lb-1234.abc' } });
      expect(kept.headers.get('x-request-id')).toBe('lb-1234.abc');
      const replaced = await fetch(`${instance.url}/`, { headers: { 'x-request-id': 'not an id; drop table' } });
      expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      await instance.kill('SIGTERM');
    }
  });

  it('SIGTERM drains: no new connections, the request in flight is still answered, then exit 0', async () => {
    const instance = await startInstance('drain', {});
    const target = new URL(instance.url);
    // A subscribe request whose body is still arriving when the stop comes.
    let req!: http.ClientRequest;
    const inFlight = new Promise<number>((resolve, reject) => {
      req = http.request({ host: target.hostname, port: target.port, method: 'POST', path: '/api/subscribe', headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded', 'transfer-encoding': 'chunked' } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
    });
    req.write('source=footer&');
    // Stop once the server has the request (its headers and the first chunk reached the socket).
    await new Promise<void>((resolve) => req.once('socket', (socket) => (socket.connecting ? socket.once('connect', () => resolve()) : resolve())));
    await new Promise<void>((resolve) => req.socket!.write('', () => resolve()));
    const exited = new Promise<number | null>((r) => instance.child.once('exit', (code) => r(code)));
    instance.child.kill('SIGTERM');
    // The listener closes: new connections are refused while the request in flight goes on.
    await expect.poll(() => fetch(`${instance.url}/api/health`).then(() => 'open', () => 'closed'), { timeout: 10_000 }).toBe('closed');
    req.end(`email=drain-${Date.now()}@example.com`);
    expect(await inFlight).toBe(200);
    expect(await exited).toBe(0);
  });
});
