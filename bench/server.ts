// Starting and stopping a production server for a benchmark, as a child process.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { SERVER_ENV, SERVER_NODE_ARGS } from '../scripts/server-runtime.cjs';

// __dirname rather than import.meta: the security specs (Playwright, CommonJS) load this file too.
export const ROOT = path.resolve(__dirname, '..');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export type Server = { name: string; url: string; port: number; child: ChildProcess; kill: (signal: NodeJS.Signals) => Promise<void>; stdout: () => string; stderr: () => string };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The production server as readers get it (`node scripts/server.mjs`, what `npm start` and the
 * standalone build run) on a free port, for benchmarks and the scale tests; resolves once
 * /api/health answers 200. Without a DATABASE_URL it gets a SQLite file of its own in the temp
 * folder, never the checkout's. Node runs it as `npm start` does (../scripts/server-runtime.cjs);
 * `nodeArgs` go to node before the script too (e.g. --cpu-prof).
 */
export async function startServer(name: string, env: Record<string, string>, nodeArgs: string[] = []): Promise<Server> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [...SERVER_NODE_ARGS, ...nodeArgs, path.join(ROOT, 'scripts', 'server.mjs')], {
    cwd: ROOT,
    env: {
      ...SERVER_ENV, ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', PORT: String(port), HOSTNAME: '127.0.0.1', LOG_LEVEL: 'warn',
      DATABASE_URL: `file:${path.join(os.tmpdir(), `masthead-${process.pid}-${name}-${port}.db`)}`, MAIL_DIR: path.join(os.tmpdir(), 'masthead-server-mail'), ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  child.stderr!.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  child.stdout!.on('data', (d) => (stdout = (stdout + d).slice(-200_000)));
  const kill = (signal: NodeJS.Signals) =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited: ${stderr}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) return { name, url, port, child, kill, stdout: () => stdout, stderr: () => stderr };
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  await kill('SIGKILL');
  throw new Error(`${name} did not become healthy: ${stderr}`);
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** The author's password the test and bench servers are started with. */
export const AUTHOR_PASSWORD = 'correct horse battery staple';

/** The author's session cookie, signed in with the password. */
export async function authorCookie(base: string): Promise<string> {
  const res = await fetch(`${base}/admin/sign-in`, { method: 'POST', body: new URLSearchParams({ password: AUTHOR_PASSWORD }), redirect: 'manual' });
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('masthead_author='));
  if (!cookie) throw new Error(`sign-in failed: ${res.status}`);
  return cookie.split(';')[0]!;
}
