#!/usr/bin/env node
// The production server behind `npm start` (and the standalone build): Next's request handler on a
// plain Node HTTP server, so that
// - the client address the app sees comes from the socket, never from a header a reader wrote. With
//   TRUST_PROXY=N (N proxies in front), their X-Forwarded-For is kept and the peer is appended;
//   lib/request.ts then steps back N hops from the end;
// - every request has an id (X-Request-Id, taken from a trusted proxy or made here), logged as one
//   JSON line by pino and attached to the app's own log lines (lib/log.ts);
// - SIGTERM drains: /api/health turns 503 at once, the listener closes, requests in flight finish
//   (up to SHUTDOWN_TIMEOUT_SECONDS), queued view counts are written, and the process exits 0;
// - every response gets the Content-Security-Policy (./csp.mjs) with a fresh nonce, which Next
//   reads from the request and puts on the inline scripts of its own React pages (404, errors);
// - a GET of a one-segment path (an issue page, perhaps) is offered to lib/views, which
//   instrumentation.ts registers: it counts the view in memory and returns at once. Here it costs
//   microseconds; in Next's request proxy the same work halved the pages' throughput.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import next from 'next';
import { contentSecurityPolicy } from './csp.mjs';
import { createLogger } from './logger.mjs';

// In the standalone build this file sits at the root of .next/standalone; in a checkout, in scripts/.
const here = import.meta.dirname;
const root = existsSync(path.join(here, '.next')) ? here : path.resolve(here, '..');
const port = Number(process.env.PORT || 3000);
const hostname = process.env.HOSTNAME || '0.0.0.0';
const trustedProxies = Number(process.env.TRUST_PROXY || 0);
const shutdownMs = Number(process.env.SHUTDOWN_TIMEOUT_SECONDS || 20) * 1000;

const log = createLogger();
const requestContext = new AsyncLocalStorage();
globalThis[Symbol.for('masthead.requestContext')] = requestContext;

// A standalone build carries its Next config in required-server-files.json (what Next's own
// standalone server.js does); a checkout reads next.config.mjs.
const serverFiles = path.join(root, '.next', 'required-server-files.json');
const standalone = existsSync(path.join(root, 'server.js')) && existsSync(serverFiles);
if (standalone) process.env.__NEXT_PRIVATE_STANDALONE_CONFIG = JSON.stringify(JSON.parse(readFileSync(serverFiles, 'utf8')).config);
const app = next({ dev: false, dir: root, port, hostname });
const handle = app.getRequestHandler();
await app.prepare();

let draining = false;
const REQUEST_ID = /^[\w.:-]{1,128}$/;
const https = (process.env.SITE_URL ?? '').startsWith('https://');
const ISSUE_PATH = /^\/[a-z0-9-]+$/;

/** The request as lib/views reads it (method and headers), without building a web Request. */
function viewRequest(req) {
  return {
    method: req.method,
    headers: {
      get: (name) => {
        const v = req.headers[name];
        return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
      },
      has: (name) => name in req.headers,
    },
  };
}

const server = http.createServer((req, res) => {
  const started = process.hrtime.bigint();
  const incoming = req.headers['x-request-id'];
  const id = trustedProxies > 0 && typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
  req.headers['x-request-id'] = id;
  res.setHeader('x-request-id', id);
  if (draining) res.setHeader('connection', 'close');

  const peer = req.socket.remoteAddress ?? 'unknown';
  const forwarded = req.headers['x-forwarded-for'];
  const chain = Array.isArray(forwarded) ? forwarded.join(', ') : forwarded;
  req.headers['x-forwarded-for'] = trustedProxies > 0 && chain ? `${chain}, ${peer}` : peer;
  delete req.headers['x-real-ip'];

  // A client's own policy header must never choose the nonce.
  const policy = contentSecurityPolicy({ nonce: randomUUID().replaceAll('-', ''), https });
  req.headers['content-security-policy'] = policy;
  res.setHeader('content-security-policy', policy);

  if (req.method === 'GET') {
    const pathname = (req.url ?? '/').split('?', 1)[0];
    if (ISSUE_PATH.test(pathname)) globalThis[Symbol.for('masthead.views.count')]?.(viewRequest(req), pathname);
  }

  res.on('finish', () => {
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const line = { reqId: id, method: req.method, path: req.url, status: res.statusCode, ms: Math.round(ms * 10) / 10 };
    if (res.statusCode >= 500) log.error(line, 'request');
    else log.info(line, 'request');
  });
  requestContext.run({ requestId: id }, () => handle(req, res));
});
server.keepAliveTimeout = 65_000; // longer than common load balancers' idle timeouts (60 s)
server.listen(port, hostname, () => {
  log.info({ port, standalone }, 'listening');
  console.log(`Masthead is serving on http://localhost:${port}`);
});

async function shutdown(signal) {
  if (draining) return;
  draining = true;
  globalThis[Symbol.for('masthead.draining')] = true;
  log.info({ signal }, 'draining');
  const force = setTimeout(() => {
    log.warn('shutdown timeout: closing the connections still open');
    server.closeAllConnections();
  }, shutdownMs);
  force.unref();
  server.close(async () => {
    // View counts still queued in memory (lib/views) are written before the process ends.
    const views = globalThis[Symbol.for('masthead.views.counter')];
    await Promise.race([views?.flush(), new Promise((resolve) => setTimeout(resolve, 5000))]).catch(() => {});
    log.info('stopped');
    process.exit(0);
  });
  server.closeIdleConnections();
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => void shutdown(signal));
