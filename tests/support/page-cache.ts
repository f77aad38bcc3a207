// Real parts for the page cache tests: production servers (scripts/server.mjs on the build) on a
// fixture newsletter of the test's own, a Redis server of the test's own that can really be
// stopped, and raw HTTP (fetch would decompress and set Accept-Encoding itself).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort, startServer, type Server } from '../../bench/server';
import { issueFile } from './content-repo';

export const BROWSER_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36';

/** A fixture newsletter (two issues and an intro) in a temp folder, and a folder for its published versions. */
export function fixtureContent(): { CONTENT_DIR: string; CONTENT_CLONE_DIR: string } {
  const root = mkdtempSync(path.join(os.tmpdir(), 'masthead-page-cache-'));
  const dir = path.join(root, 'content');
  mkdirSync(path.join(dir, 'pages'), { recursive: true });
  writeFileSync(path.join(dir, 'first-light.md'), issueFile({ title: 'First light', date: '2025-01-01', tags: ['field-notes'] }));
  writeFileSync(path.join(dir, 'second-wind.md'), issueFile({ title: 'Second wind', date: '2025-01-08', tags: ['field-notes'] }));
  writeFileSync(path.join(dir, 'pages', 'intro.md'), 'A fixture newsletter for the page cache tests.');
  return { CONTENT_DIR: dir, CONTENT_CLONE_DIR: path.join(root, 'store') };
}

/**
 * A server on the fixture. COMMENTS_MIN_SECONDS=0 lets a test post the moment it has a token (the
 * default minimum time is covered by the comment tests and the browser tests).
 */
export function startCacheServer(name: string, content: ReturnType<typeof fixtureContent>, env: Record<string, string> = {}): Promise<Server> {
  return startServer(`page-cache-${name}`, { ...content, COMMENTS_MIN_SECONDS: '0', COMMENTS_NOTIFY: 'off', LOG_LEVEL: 'info', ...env });
}

export type RawAnswer = { status: number; headers: http.IncomingHttpHeaders; body: Buffer };

/** One request with exactly these headers, the body as sent (not decompressed). */
export function raw(base: string, pathname: string, headers: Record<string, string> = {}, method = 'GET'): Promise<RawAnswer> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path: pathname, method, headers: { 'user-agent': BROWSER_UA, ...headers }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Reads a page until the server answers it from the page cache (filled by the first read). */
export async function untilCached(base: string, pathname: string, headers: Record<string, string> = {}): Promise<RawAnswer> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const answer = await raw(base, pathname, headers);
    if (answer.headers['x-masthead-cache'] === 'hit' || Date.now() > deadline) return answer;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Posts a comment as the comment script does (a token of the reader's own, then JSON); returns the answer and its cookie. */
export async function postComment(base: string, slug: string, body: string, cookie = '') {
  const token = ((await (await fetch(`${base}/api/comments?slug=${slug}`)).json()) as { formToken: string }).formToken;
  const res = await fetch(`${base}/api/comments`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', 'user-agent': BROWSER_UA, ...(cookie ? { cookie } : {}) },
    body: new URLSearchParams({ slug, formToken: token, name: 'Cache Reader', body }),
  });
  const own = res.headers.getSetCookie().find((c) => c.startsWith('masthead_comments='))?.split(';')[0] ?? '';
  await res.arrayBuffer(); // an answer left unread holds its connection, and a SIGTERM waits for it
  return { status: res.status, cookie: own };
}

export function redisReachable(port = 6379): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => (socket.destroy(), resolve(true)));
    socket.on('error', () => resolve(false));
  });
}

/** A key prefix of this run's own, so that runs sharing the machine's Redis never meet. */
export const runPrefix = (name: string) => `masthead-test:${process.pid}:${Date.now()}:${name}:`;

/** A redis-server of the test's own on a free port (no persistence), which the test can stop and start again. */
export async function ownRedis() {
  const port = await freePort();
  let child: ChildProcess | null = null;
  const start = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    const deadline = Date.now() + 10_000;
    while (!(await redisReachable(port))) {
      if (Date.now() > deadline) throw new Error('redis-server did not start');
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const stop = () =>
    new Promise<void>((resolve) => {
      if (!child || child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  await start();
  return { url: `redis://127.0.0.1:${port}`, start, stop };
}

export type { Server };

/** Removes every key a test run wrote under its prefix. */
export async function dropPrefix(url: string, prefix: string): Promise<void> {
  const { default: Redis } = await import('ioredis');
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0 });
  try {
    await client.connect();
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      if (keys.length) await client.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } catch {
    // Redis already gone (the outage tests stop their own): nothing left to remove
  } finally {
    client.disconnect();
  }
}
