// Real parts for the scale tests: app instances (the production server, scripts/server.mjs, as
// separate processes), a small load balancer, and PostgreSQL clusters that can really be stopped.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import pg from 'pg';
import { AUTHOR_PASSWORD, freePort, startServer, type Server } from '../../bench/server';

export { AUTHOR_PASSWORD, authorCookie } from '../../bench/server';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const APP_SECRET = 'scale-test-secret-scale-test-secret-0123456789';
export const BROWSER_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export type Instance = Server;

/** An app instance with the scale tests' settings: one signing secret, password sign-in, a trusted balancer (on loopback). */
export function startInstance(name: string, env: Record<string, string>, nodeArgs: string[] = []): Promise<Instance> {
  return startServer(name, { APP_SECRET, AUTHOR_PASSWORD, TRUST_PROXY: 'loopback', COMMENTS_MIN_SECONDS: '0', COMMENTS_NOTIFY: 'off', ...env }, nodeArgs);
}

/**
 * A round-robin HTTP load balancer, like nginx's upstream with `proxy_next_upstream error`: it
 * appends the client address to X-Forwarded-For, skips an instance for 2 s after a connection
 * error, and retries on the next instance a request that could not connect, and a GET that lost
 * its connection. A POST that reached an instance is never retried (it may have been applied):
 * its client gets a 502.
 */
export async function startBalancer(upstreams: string[]) {
  const down = new Map<string, number>();
  let next = 0;
  const pick = (exclude: Set<string>) => {
    for (let i = 0; i < upstreams.length; i++) {
      const u = upstreams[(next + i) % upstreams.length]!;
      if (!exclude.has(u) && (down.get(u) ?? 0) < Date.now()) {
        next = (next + i + 1) % upstreams.length;
        return u;
      }
    }
    return upstreams.find((u) => !exclude.has(u)) ?? null;
  };
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const tried = new Set<string>();
      const attempt = () => {
        const upstream = pick(tried);
        if (!upstream) {
          res.writeHead(502, { 'content-type': 'text/plain' }).end('no upstream');
          return;
        }
        tried.add(upstream);
        const target = new URL(upstream);
        const headers = { ...req.headers, 'x-forwarded-for': [req.headers['x-forwarded-for'], req.socket.remoteAddress].filter(Boolean).join(', ') };
        // The whole answer is read before any of it is sent: an instance that dies mid-answer costs
        // a GET nothing (it is retried on the next one), where a half-sent page could not be taken back.
        const proxied = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers, agent }, (up) => {
          const parts: Buffer[] = [];
          up.on('data', (c) => parts.push(c));
          up.on('end', () => {
            res.writeHead(up.statusCode ?? 502, up.headers);
            res.end(Buffer.concat(parts));
          });
          up.on('error', () => proxied.emit('error', new Error('upstream died mid-answer')));
        });
        let failed = false;
        proxied.on('error', (error: NodeJS.ErrnoException) => {
          if (failed) return;
          failed = true;
          down.set(upstream, Date.now() + 2_000);
          if (res.headersSent) return res.destroy();
          // Refused: the request never reached that instance, so any method may go to the next one.
          if (error.code === 'ECONNREFUSED' || req.method === 'GET' || req.method === 'HEAD') return attempt();
          res.writeHead(502, { 'content-type': 'text/plain' }).end('upstream failed');
        });
        proxied.end(body);
      };
      attempt();
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => { agent.destroy(); server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/** A database of its own on the PostgreSQL server at `serverUrl`, dropped afterwards. */
export async function createDatabase(serverUrl: string) {
  const name = `masthead_scale_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const query = async <T extends pg.QueryResultRow>(sql: string, params: unknown[] = []) => {
    const c = new pg.Client({ connectionString: url.toString() });
    await c.connect();
    try {
      return (await c.query<T>(sql, params)).rows;
    } finally {
      await c.end();
    }
  };
  return {
    url: url.toString(),
    query,
    drop: async () => {
      const a = new pg.Client({ connectionString: serverUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

/**
 * A PostgreSQL cluster of the test's own (Debian's pg_createcluster), so that stopping it for an
 * outage stops nobody else's database. Null where that is impossible (no cluster tools, not root).
 */
export async function createPrivateCluster(): Promise<null | { url: string; stop: () => void; start: () => void; drop: () => void }> {
  if (!existsSync('/usr/bin/pg_createcluster') || process.getuid?.() !== 0 || !existsSync('/etc/postgresql')) return null;
  const version = readdirSync('/etc/postgresql').sort((a, b) => Number(a) - Number(b)).at(-1)!;
  const name = `mscale${process.pid}`;
  const port = await freePort();
  const run = (...args: string[]) => {
    const r = spawnSync(args[0]!, args.slice(1), { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
  };
  run('pg_createcluster', version, name, '-p', String(port), '--', '--auth=trust');
  const ctl = (action: string, ...extra: string[]) => run('pg_ctlcluster', '--skip-systemctl-redirect', version, name, action, ...extra);
  ctl('start');
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: () => ctl('stop', '-m', 'fast'),
    start: () => ctl('start'),
    drop: () => run('pg_dropcluster', '--stop', version, name),
  };
}


/** A fresh form token of a reader's own (single-use: one per comment). */
/** Posts a comment as the script does, with a token fetched for it (instances run with COMMENTS_MIN_SECONDS=0). */
export async function postComment(base: string, slug: string, body: string, name = 'Scale Reader') {
  const tokenAnswer = await fetch(`${base}/api/comments?slug=${encodeURIComponent(slug)}`, { signal: AbortSignal.timeout(15_000) });
  const token = tokenAnswer.ok ? ((await tokenAnswer.json()) as { formToken?: string }).formToken : undefined;
  // No token (say, a 503 while an instance comes back): that answer is what the script would see.
  if (!token) return tokenAnswer;
  return fetch(`${base}/api/comments`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({ slug, formToken: token, name, body }),
    signal: AbortSignal.timeout(15_000),
  });
}
