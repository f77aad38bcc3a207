// The server under test for the reading benchmark, as a child process of its own (so the load
// generator never shares its event loop) in its own process group (so it and anything it forks,
// and nothing else, can be ended); and the build it serves.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { SERVER_ENV, SERVER_NODE_ARGS } from '../scripts/server-runtime.cjs';

export const ROOT = path.resolve(import.meta.dirname, '..');
const HOST = '127.0.0.1';
const READY_TIMEOUT_MS = 60_000;
const CHILD_ENV = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));


export function ensureBuild(force: boolean): void {
  const buildId = path.join(ROOT, '.next', 'BUILD_ID');
  if (force || !existsSync(buildId)) {
    console.log(force ? 'Building (--build)…' : 'No build found: running `npm run build`…');
    const result = spawnSync('npm', ['run', 'build'], { cwd: ROOT, env: CHILD_ENV, stdio: 'inherit' });
    if (result.status !== 0) throw new Error(`npm run build failed (exit ${result.status ?? result.signal})`);
    return;
  }
  // Benchmarking a build older than the sources measures the wrong code; say so, but do not
  // rebuild behind the user's back (a build takes minutes and may be running elsewhere).
  if (newestSourceMtime() > statSync(buildId).mtimeMs) {
    console.log('Note: sources changed since the last build; pass --build to benchmark the current code.');
  }
}

function newestSourceMtime(): number {
  const sources = ['app', 'components', 'lib', 'content', 'public', 'next.config.mjs', 'package.json'];
  const newest = (p: string): number => {
    if (!existsSync(p)) return 0;
    const st = statSync(p);
    if (!st.isDirectory()) return st.mtimeMs;
    return readdirSync(p).reduce((max, name) => Math.max(max, newest(path.join(p, name))), st.mtimeMs);
  };
  return sources.reduce((max, s) => Math.max(max, newest(path.join(ROOT, s))), 0);
}


export interface Child {
  name: string;
  proc: ChildProcess;
  exited: Promise<void>;
  log: string[];
}

const children: Child[] = [];

function startChild(name: string, args: string[], env: Record<string, string> = {}): Child {
  const proc = spawn(process.execPath, args, { cwd: ROOT, env: { ...CHILD_ENV, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const log: string[] = [];
  // Keep a short tail of output for error messages; draining the pipes also keeps the child from blocking.
  const keep = (chunk: Buffer): void => {
    log.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    log.splice(0, Math.max(0, log.length - 40));
  };
  proc.stdout?.on('data', keep);
  proc.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const child = { name, proc, exited, log };
  children.push(child);
  return child;
}

export function isRunning(child: Child): boolean {
  return child.proc.exitCode === null && child.proc.signalCode === null;
}

function signalGroup(child: Child, signal: NodeJS.Signals): void {
  if (child.proc.pid === undefined || !isRunning(child)) return;
  try {
    process.kill(-child.proc.pid, signal);
  } catch {
    // Already gone between the check and the kill.
  }
}

export async function stopChildren(): Promise<void> {
  await Promise.all(
    children.map(async (child) => {
      signalGroup(child, 'SIGTERM');
      const grace = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 5000).unref());
      if ((await Promise.race([child.exited.then(() => 'exited' as const), grace])) === 'timeout') {
        signalGroup(child, 'SIGKILL');
      }
    }),
  );
}

// Last resort if we exit without reaching the cleanup path: 'exit' handlers must be synchronous.
process.on('exit', () => children.forEach((child) => signalGroup(child, 'SIGKILL')));

export function installSignalHandlers(cleanup: () => Promise<void>): void {
  let stopping = false;
  // A persistent handler (not `once`): a second signal, e.g. the one tsx relays from its parent
  // process, must not find us without a listener, which would exit before the cleanup finishes.
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    console.error(`\n${signal}: stopping servers…`);
    void cleanup().finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

export function childFailure(child: Child, what: string): Error {
  return new Error(`${child.name}: ${what}\n--- last output ---\n${child.log.join('\n')}`);
}

/** Asking the OS for port 0 gives a port that was free a moment ago; good enough on a quiet box. */
export function freePort(): Promise<number> {
  return portAvailable(0);
}

function portAvailable(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (err) => reject(new Error(`port ${port} is not available: ${err.message}`)));
    probe.listen(port, HOST, () => {
      const address = probe.address();
      const actual = typeof address === 'object' && address ? address.port : port;
      probe.close(() => resolve(actual));
    });
  });
}

async function waitForOk(child: Child, url: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (!isRunning(child)) throw childFailure(child, `exited (code ${child.proc.exitCode}) before ${url} answered`);
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await sleep(200);
  }
  throw childFailure(child, `${url} did not answer 200 within ${READY_TIMEOUT_MS / 1000}s`);
}

/** `npm start`'s server on `port`, once `pagePath` answers 200. */
export async function startMasthead(port: number, pagePath: string): Promise<{ child: Child; url: string }> {
  await portAvailable(port); // Otherwise we could happily benchmark whatever else is on that port.
  // What `npm start` and the standalone build serve with: Next behind scripts/server.mjs, which
  // adds the CSP, request ids, access logs and view counting to every request. Its settings are
  // the defaults a user gets (the access log included), with the Node settings `npm start` passes.
  const child = startChild('masthead server', [...SERVER_NODE_ARGS, path.join(ROOT, 'scripts', 'server.mjs')], { ...SERVER_ENV, PORT: String(port), HOSTNAME: HOST, NODE_ENV: 'production' });
  const url = `http://${HOST}:${port}${pagePath}`;
  await waitForOk(child, url);
  return { child, url };
}


export function readBuildId(): string | null {
  const file = path.join(ROOT, '.next', 'BUILD_ID');
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : null;
}
