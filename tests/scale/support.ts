// Real parts for the scale tests: app instances (the production server, scripts/server.mjs, as
// separate processes), Debian's nginx with the shipped configuration as the load balancer, and
// PostgreSQL clusters that can really be stopped.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { nginxFolders, renderNginxConfig } from '../../deploy/nginx-config.mjs';
import { AUTHOR_PASSWORD, freePort, startServer, type Server } from '../../bench/server';
import { runNginx } from '../../bench/tools';
import { fixtureSiteEnv } from '../support/fixture-site';

export { AUTHOR_PASSWORD, authorCookie } from '../../bench/server';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const APP_SECRET = 'scale-test-secret-scale-test-secret-0123456789';
export const BROWSER_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export type Instance = Server;

/**
 * An app instance with the scale tests' settings: one signing secret, password sign-in, a trusted
 * balancer (on loopback), the fixture newsletter (tests/fixtures/site) unless `env` says otherwise.
 */
export function startInstance(name: string, env: Record<string, string>, nodeArgs: string[] = []): Promise<Instance> {
  const settings = { APP_SECRET, AUTHOR_PASSWORD, TRUST_PROXY: 'loopback', COMMENTS_MIN_SECONDS: '0', COMMENTS_NOTIFY: 'off' };
  return startServer(name, { ...settings, ...fixtureSiteEnv(), ...env }, nodeArgs);
}

/** Debian's nginx binary (`apt-get install -y nginx`; .ci/run installs it). */
export const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => existsSync(p)) ?? null;

export type Balancer = { url: string; prefix: string; accessLog: () => string; errorLog: () => string; close: () => Promise<void> };

/**
 * nginx in front of `upstreams` with the shipped configuration (deploy/nginx.conf, rendered by
 * deploy/nginx-config.mjs as a deployment renders it) on a loopback port. Its files (pid, logs,
 * temp, cache) live in a folder of its own, so it never meets a system nginx; stopped with `-s quit`.
 */
export async function startNginx(upstreams: string[], options: { microCache?: boolean } = {}): Promise<Balancer> {
  if (!NGINX) throw new Error('nginx is not installed: apt-get install -y nginx (the scale tests run the shipped deploy/nginx.conf)');
  const prefix = mkdtempSync(path.join(os.tmpdir(), 'masthead-nginx-'));
  for (const folder of nginxFolders(prefix)) mkdirSync(folder, { recursive: true });
  const port = await freePort();
  const conf = path.join(prefix, 'nginx.conf');
  writeFileSync(conf, renderNginxConfig({
    upstreams: upstreams.map((u) => new URL(u).host),
    listen: `127.0.0.1:${port}`,
    prefix,
    // Workers run as this user: a root test's folder is root's alone.
    user: os.userInfo().username,
    microCache: options.microCache ?? false,
  }));
  const url = `http://127.0.0.1:${port}`;
  const read = (file: string) => () => (existsSync(path.join(prefix, 'logs', file)) ? readFileSync(path.join(prefix, 'logs', file), 'utf8') : '');
  // Ready once a request went through it to an instance.
  const nginx = await runNginx(NGINX, prefix, conf, `${url}/api/health`);
  return { url, prefix, accessLog: read('masthead.access.log'), errorLog: read('error.log'), close: nginx.stop };
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
