// A production server of the security specs' own (scripts/server.mjs on the build the Playwright
// run made), for what needs its process: its memory, its log lines, its settings at start.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { AUTHOR_PASSWORD, startServer, type Server } from '../../../bench/server';
import { fixtureSiteEnv } from '../../support/fixture-site';

export { AUTHOR_PASSWORD, authorCookie } from '../../../bench/server';


/**
 * A server with the defaults a user gets, plus `env` (and a password, so the author can sign in),
 * serving the fixture newsletter (tests/fixtures/site).
 */
export function startDefaultServer(name: string, env: Record<string, string> = {}): Promise<Server> {
  return startServer(`security-${name}`, { AUTHOR_PASSWORD, ...fixtureSiteEnv(), ...env });
}

/** The resident memory of a process, in MB. */
export function rssMb(pid: number): number {
  const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb) / 1024;
}

/** Samples a process's memory until stopped; resolves to the highest figure seen. */
export function watchRss(pid: number): { stop: () => number } {
  let max = rssMb(pid);
  const timer = setInterval(() => (max = Math.max(max, rssMb(pid))), 50);
  return { stop: () => (clearInterval(timer), Math.max(max, rssMb(pid))) };
}

/**
 * POSTs a chunked body (no Content-Length) of up to `totalBytes`: `head`, then `filler` repeated,
 * as fast as the server takes it, until the server answers. Resolves to the answer and how much
 * was sent by then.
 */
export function postChunked(base: string, path: string, headers: Record<string, string>, head: string, filler: string, totalBytes: number) {
  return new Promise<{ status: number; body: string; sentBytes: number }>((resolve, reject) => {
    let sentBytes = 0;
    let answered = false;
    const req = http.request(`${base}${path}`, { method: 'POST', headers: { ...headers, 'transfer-encoding': 'chunked', origin: base } }, (res) => {
      answered = true;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, sentBytes }));
      res.on('error', () => resolve({ status: res.statusCode ?? 0, body, sentBytes }));
    });
    // Once answered, the server closes the connection rather than read the rest: writes then fail.
    req.on('error', (error) => (answered ? undefined : reject(error)));
    const chunk = Buffer.from(filler.repeat(Math.ceil((64 * 1024) / filler.length)));
    const pump = () => {
      while (!answered && !req.destroyed && sentBytes < totalBytes) {
        sentBytes += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      if (!answered && !req.destroyed) req.end();
    };
    req.write(head);
    sentBytes += head.length;
    pump();
  });
}
