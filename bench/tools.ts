// The outside programs of the reading benchmark: Debian's wrk (the load) and nginx (the baseline,
// serving the page's bytes as a static file), installed when missing, and the cost of a server's
// processes read from /proc.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cpuTicksOf, parseWrk, rssBytesOf } from './lib';
import { freePort } from './server';

const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

const binary = (name: string) => ['/usr/bin', '/usr/sbin'].map((d) => path.join(d, name)).find((p) => existsSync(p)) ?? null;

/**
 * The path of a Debian program, installed with apt-get if missing (the bench runs as root on the
 * project's machines). nginx's package must not start its service: a refusing policy-rc.d holds it back.
 */
export function ensureDebianTool(name: 'wrk' | 'nginx'): string {
  const found = binary(name);
  if (found) return found;
  if (process.getuid?.() !== 0) throw new Error(`${name} is not installed: apt-get install -y ${name}`);
  console.log(`Installing ${name} (apt-get install -y ${name})…`);
  const policy = '/usr/sbin/policy-rc.d';
  const madePolicy = !existsSync(policy);
  if (madePolicy) writeFileSync(policy, '#!/bin/sh\nexit 101\n', { mode: 0o755 });
  try {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    const r = spawnSync('apt-get', ['install', '-y', '-qq', name], { stdio: 'inherit', env });
    if (r.status !== 0) throw new Error(`apt-get install -y ${name} failed`);
  } finally {
    if (madePolicy) rmSync(policy, { force: true });
  }
  return binary(name) ?? (() => { throw new Error(`${name} still missing after apt-get install`); })();
}

/** The process and all its descendants (nginx's master and workers; Node and anything it forked). */
export function processTree(pid: number): number[] {
  const out = [pid];
  for (let i = 0; i < out.length; i++) {
    const tasks = `/proc/${out[i]}/task`;
    if (!existsSync(tasks)) continue;
    for (const tid of readdirSync(tasks)) {
      const children = readFileSync(`${tasks}/${tid}/children`, 'utf8').trim();
      if (children) out.push(...children.split(/\s+/).map(Number));
    }
  }
  return out;
}

/** CPU seconds (user + system) used so far by these processes. */
export function cpuSeconds(pids: number[]): number {
  return pids.reduce((n, pid) => n + (existsSync(`/proc/${pid}/stat`) ? cpuTicksOf(readFileSync(`/proc/${pid}/stat`, 'utf8')) : 0), 0) / CLOCK_TICKS;
}

/** Resident memory of these processes together, in bytes. */
export function rssBytes(pids: number[]): number {
  return pids.reduce((n, pid) => n + (existsSync(`/proc/${pid}/status`) ? rssBytesOf(readFileSync(`/proc/${pid}/status`, 'utf8')) : 0), 0);
}

export type WrkOptions = { threads: number; connections: number; seconds: number };

/** One wrk run with a gzip Accept-Encoding header, as a browser asks; an answer counts as timed out after 10 s (wrk's default, 2 s, turns a busy server's slow answers into errors). */
export function runWrk(wrk: string, url: string, o: WrkOptions): Promise<ReturnType<typeof parseWrk>> {
  return new Promise((resolve, reject) => {
    const child = spawn(wrk, [`-t${o.threads}`, `-c${o.connections}`, `-d${o.seconds}s`, '--latency', '--timeout', '10s', '-H', 'Accept-Encoding: gzip', url], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`wrk exited ${code}: ${out}`));
      try {
        resolve(parseWrk(out));
      } catch (error) {
        reject(error);
      }
    });
  });
}

export type StaticNginx = NginxProcess & { base: string };
export type StaticPage = { path: string; identity: Buffer; gzipped: Buffer; contentType: string };

/**
 * nginx serving each page's `identity` bytes at its path, with a buffered access log. To a reader
 * who accepts gzip it sends `gzipped` (`static`: gzip_static, the same precompressed bytes every
 * time, as a prebuilt site is served) or compresses the page itself per request (`dynamic`:
 * `gzip on`, level 1).
 */
export async function startStaticNginx(nginx: string, pages: StaticPage[], gzip: 'static' | 'dynamic'): Promise<StaticNginx> {
  const prefix = mkdtempSync(path.join(os.tmpdir(), 'masthead-bench-nginx-'));
  for (const d of ['logs', 'temp', 'www']) mkdirSync(path.join(prefix, d));
  const locations = pages.map((page, i) => {
    const file = path.join(prefix, 'www', `page-${i}`);
    writeFileSync(file, page.identity);
    writeFileSync(`${file}.gz`, page.gzipped);
    // try_files rather than alias: a path ending in / (the home page) would go to the index module.
    return `    location = ${page.path} { default_type "${page.contentType}"; ${gzip === 'static' ? 'gzip_static on;' : 'gzip on; gzip_types *;'} try_files /page-${i} =404; }`;
  });
  const port = await freePort();
  const conf = path.join(prefix, 'nginx.conf');
  writeFileSync(conf, `user ${os.userInfo().username};
worker_processes auto;
pid ${prefix}/nginx.pid;
error_log ${prefix}/logs/error.log warn;
events { worker_connections 4096; }
http {
  client_body_temp_path ${prefix}/temp/body; proxy_temp_path ${prefix}/temp/proxy; fastcgi_temp_path ${prefix}/temp/fastcgi;
  uwsgi_temp_path ${prefix}/temp/uwsgi; scgi_temp_path ${prefix}/temp/scgi;
  access_log ${prefix}/logs/access.log combined buffer=64k flush=1s;
  sendfile on; tcp_nopush on; keepalive_timeout 65s; server_tokens off;
  server {
    listen 127.0.0.1:${port};
    root ${prefix}/www;
${locations.join('\n')}
  }
}
`);
  const base = `http://127.0.0.1:${port}`;
  return { base, ...(await runNginx(nginx, prefix, conf, `${base}${pages[0]!.path}`)) };
}

export type NginxProcess = { pid: number; child: ChildProcess; stop: () => Promise<void> };

/**
 * Debian's nginx with the configuration `conf`, its files under `prefix` (removed on stop), in the
 * foreground so that this process holds the master; resolves once `readyUrl` answers 200. Stopped
 * with `-s quit`, as a deployment stops it.
 */
export async function runNginx(nginx: string, prefix: string, conf: string, readyUrl: string, timeoutMs = 20_000): Promise<NginxProcess> {
  const args = ['-p', prefix, '-c', conf];
  const checked = spawnSync(nginx, [...args, '-t'], { encoding: 'utf8' });
  if (checked.status !== 0) throw new Error(`nginx -t refused ${conf}: ${checked.stderr}`);
  const child = spawn(nginx, [...args, '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      spawnSync(nginx, [...args, '-s', 'quit']);
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(prefix, { recursive: true, force: true });
  };
  const errorLog = () => (existsSync(`${prefix}/logs/error.log`) ? readFileSync(`${prefix}/logs/error.log`, 'utf8') : '');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${stderr}${errorLog()}`);
    if (await fetch(readyUrl).then((r) => r.status === 200, () => false)) return { pid: child.pid!, child, stop };
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  throw new Error(`nginx: ${readyUrl} did not answer 200 within ${timeoutMs / 1000} s: ${stderr}${errorLog()}`);
}
