#!/usr/bin/env node
// The production server behind `npm start` (and the standalone build): Next's request handler on a
// plain Node HTTP server, so that
// - the client address the app sees comes from the socket, never from a header a reader wrote. Only
//   when the peer is a proxy listed in TRUST_PROXY (./trust-proxy.mjs) is its X-Forwarded-For read,
//   back to the first untrusted hop; the app gets that one address as X-Forwarded-For;
// - every request has an id (X-Request-Id, taken from a trusted proxy or made here), logged as one
//   JSON line by pino without the query's values (tokens live there) and attached to the app's own
//   log lines (lib/log.ts);
// - slow clients are cut off (./server-limits.mjs), an address that does not decode gets the 404
//   page rather than Next's bare 500, and a body refused as too large closes the connection;
// - SIGTERM drains: /api/health turns 503 at once, the listener closes, requests in flight finish
//   (up to SHUTDOWN_TIMEOUT_SECONDS), queued view counts are written, and the process exits 0;
// - every request carries a Content-Security-Policy (./csp.mjs) with a fresh nonce, which Next reads
//   and puts on the inline scripts of its own React pages (404, errors). As the response goes out it
//   gets its cache class (./response-policy.mjs): shareable pages get the policy without a nonce,
//   everything else `private, no-store` and the policy with the nonce;
// - a draft or scheduled issue's address goes to the preview route, /preview/<slug>, for the author
//   or a preview link's holder only (lib/content/preview.ts); anyone else gets the 404 page;
// - a GET of a one-segment path (an issue page, perhaps) is offered to lib/views, which
//   instrumentation.ts registers: it counts the view in memory and returns at once. Here it costs
//   microseconds; in Next's request proxy the same work halved the pages' throughput;
// - a GET or HEAD of a shareable page that the page cache (./page-cache.mjs, which Next fills and
//   invalidates through its cache handler) holds fresh is answered here (./serve-cached.mjs), with
//   no nonce and without Next: the same bytes Next would send, precompressed, with an ETag, in one
//   write; what Next answers to a GET or HEAD also leaves in one write (./whole-response.mjs), so
//   that a balancer gets a page whole or not at all when an instance dies;
// - the access log is written asynchronously, and can be sampled or turned off (ACCESS_LOG).
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import next from 'next';
import { contentSecurityPolicy } from './csp.mjs';
import { processSlot as slot } from './process-slots.mjs';
import { createLogger } from './logger.mjs';
import { pageCache, openPageCache } from './page-cache.mjs';
import { encodingFor } from './page-cache-entry.mjs';
import { parseAccessLog, parsePageCacheSettings } from './page-cache-settings.mjs';
import { isMalformedPath, loggedPath } from './request-address.mjs';
import { cachePolicy, SHARED_CACHE_CONTROL } from './response-policy.mjs';
import { securityHeaders } from './security-headers.mjs';
import { sendCached } from './serve-cached.mjs';
import { sendWhole } from './whole-response.mjs';
import { serverLimits } from './server-limits.mjs';
import { clientAddress, parseTrustProxy, peerIsTrusted } from './trust-proxy.mjs';

// In the standalone build this file sits at the root of .next/standalone; in a checkout, in scripts/.
const here = import.meta.dirname;
const root = existsSync(path.join(here, '.next')) ? here : path.resolve(here, '..');
const port = Number(process.env.PORT || 3000);
const hostname = process.env.HOSTNAME || '0.0.0.0';
const trustProxy = parseTrustProxy(process.env.TRUST_PROXY);
if (!trustProxy.ok) {
  console.error(`Invalid environment variable TRUST_PROXY: ${trustProxy.error}`);
  process.exit(1);
}
const trusted = trustProxy.trust;
const shutdownMs = Number(process.env.SHUTDOWN_TIMEOUT_SECONDS || 20) * 1000;
for (const setting of [parsePageCacheSettings(process.env), parseAccessLog(process.env.ACCESS_LOG)]) {
  if (!setting.ok) {
    console.error(`Invalid environment variable ${setting.variable}: ${setting.error}`);
    process.exit(1);
  }
}
const logEvery = parseAccessLog(process.env.ACCESS_LOG).every;

// The access log goes to stdout asynchronously (pino's sonic-boom): a request never waits on a write.
const log = createLogger(process.env.LOG_LEVEL || 'info', { async: true });
const requestContext = new AsyncLocalStorage();
slot('requestContext').set(requestContext);

// A standalone build carries its Next config in required-server-files.json (what Next's own
// standalone server.js does); a checkout reads next.config.mjs.
const serverFiles = path.join(root, '.next', 'required-server-files.json');
const standalone = existsSync(path.join(root, 'server.js')) && existsSync(serverFiles);
if (standalone) process.env.__NEXT_PRIVATE_STANDALONE_CONFIG = JSON.stringify(JSON.parse(readFileSync(serverFiles, 'utf8')).config);
// The page cache is this process's (Next's cache handler finds it in its slot), with this logger.
const cache = pageCache(() => openPageCache({ distDir: path.join(root, '.next'), log, serving: true }));
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

// Where an address that cannot be one of the site's is sent: no route matches it, so Next answers
// with the site's 404 page and the usual headers.
const NOT_AN_ADDRESS = '/_masthead/not-an-address';

/**
 * Gives the response its cache class and matching policy when its headers go out (writeHead is
 * also what Node calls for implicit headers), overriding what a route or Next set.
 */
const REPLACED = new Set(['content-security-policy']);
const REPLACED_WITH_CACHE = new Set(['content-security-policy', 'cache-control']);
function finishHeaders(req, res, pathname, policies) {
  const writeHead = res.writeHead;
  res.writeHead = function (status, ...rest) {
    const given = rest.find((a) => a && typeof a === 'object' && !Array.isArray(a));
    const setsCookie = res.hasHeader('set-cookie') || Object.keys(given ?? {}).some((k) => k.toLowerCase() === 'set-cookie');
    const { shared, cacheControl } = cachePolicy({ method: req.method, pathname, status, setsCookie });
    const replaced = cacheControl ? REPLACED_WITH_CACHE : REPLACED;
    for (const k of Object.keys(given ?? {})) if (replaced.has(k.toLowerCase())) delete given[k];
    res.setHeader('content-security-policy', shared ? policies.shared : policies.nonce);
    if (cacheControl) res.setHeader('cache-control', cacheControl);
    // The rest of a body refused as too large (or never read) is not read on: the connection closes,
    // lingering (below) so that the client reads this answer rather than a reset.
    if (!req.complete) {
      res.setHeader('connection', 'close');
      lingerOnClose(req);
    }
    return writeHead.call(this, status, ...rest);
  };
}

/**
 * Closing a socket while the client is still sending makes the kernel answer with a reset, which
 * can destroy our 413 before the client reads it. Like nginx's lingering_close, stop writing, then
 * discard whatever still arrives for up to 5 s (the bytes are dropped, never buffered), and close.
 */
function lingerOnClose(req) {
  const socket = req.socket;
  socket.destroySoon = function lingeringClose() {
    if (this.writable) this.end();
    const timer = setTimeout(() => this.destroy(), LINGER_MS);
    timer.unref();
    this.once('end', () => (clearTimeout(timer), this.destroy()));
    // Whatever still reads the body (Next's stream adapter) is done with it: drop the rest.
    req.removeAllListeners('data');
    req.resume();
    this.resume();
  };
}
const LINGER_MS = 5_000;

// Cacheable pages have no inline script: their policy has no nonce and is the same for every request.
const SHARED_POLICY = contentSecurityPolicy({ nonce: null, https });
// What every answer from the page cache carries besides the page's own headers.
const CACHED_FIXED = [...securityHeaders({ https }).flatMap((h) => [h.key, h.value]), 'content-security-policy', SHARED_POLICY, 'cache-control', SHARED_CACHE_CONTROL];

/** The fresh stored page for a GET or HEAD of a shareable address, or null: Next answers. */
function cachedPage(req, pathname) {
  if ((req.method !== 'GET' && req.method !== 'HEAD') || ready) return null;
  // A GET with a body is odd; Next's path refuses to read it and closes the connection (finishHeaders).
  if (req.headers['transfer-encoding'] !== undefined || (req.headers['content-length'] ?? '0') !== '0') return null;
  if (!cachePolicy({ method: req.method, pathname, status: 200, setsCookie: false }).shared) return null;
  return cache.lookup(pathname, encodingFor(req.headers['accept-encoding']));
}

let requestsSeen = 0;
/** One access log line: every answer of 500 or more, and the others as ACCESS_LOG says (all, none, one in N). */
function logRequest(line) {
  if (line.status >= 500) log.error(line, 'request');
  else if (logEvery !== 0 && ++requestsSeen % logEvery === 0) log.info(line, 'request');
}

const limits = serverLimits(process.env);
const server = http.createServer(
  // Deadlines are checked every second (Node's default: every 30 s, which would let a slow client
  // stay that much past them).
  { headersTimeout: limits.headersTimeoutMs, requestTimeout: limits.requestTimeoutMs, connectionsCheckingInterval: 1000 },
  (req, res) => {
    const started = process.hrtime.bigint();
    const fromProxy = peerIsTrusted(req, trusted);
    const incoming = req.headers['x-request-id'];
    const id = fromProxy && typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    req.headers['x-request-id'] = id;

    // Only a trusted peer's X-Forwarded-For is read (proxy-addr's walk); anyone else is the client.
    req.headers['x-forwarded-for'] = (fromProxy ? clientAddress(req, trusted) : req.socket.remoteAddress) ?? 'unknown';
    delete req.headers['x-real-ip'];

    const logged = loggedPath(req.url);
    const pathname = (req.url ?? '/').split('?', 1)[0];
    const elapsed = () => Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10;
    // At start, readers wait (briefly) until the published version is loaded and the pages stored
    // of another version are refreshed; this server's own requests for that pass.
    const passes = pathname === REFRESH_PATH || req.headers['x-masthead-warm-up'] === WARM_UP_KEY;
    if (ready && !passes) ready.then(route);
    else route();

    /** Where the request goes: the page cache, Next, or the 404 page (never a page stored for an address of nothing). */
    function route() {
      if (isMalformedPath(pathname)) {
        log.info({ reqId: id, path: logged.slice(0, 120) }, 'malformed address: answered with the 404 page');
        return serve(NOT_AN_ADDRESS);
      }
      const kind = addressKind(pathname);
      // An issue, tag or card the live content does not have (lib/content/addresses.ts): the 404
      // page, never a page Next would render and store for that address.
      if (kind === 'unknown') return serve(NOT_AN_ADDRESS);
      if (kind !== 'unpublished') return serve(pathname, req.url);
      // A draft or scheduled issue: the author or a preview link's holder gets the preview route
      // (never stored; the query, with its token, kept); anyone else exactly what an unknown address gets.
      const read = req.method === 'GET' || req.method === 'HEAD';
      if (!read) return serve(NOT_AN_ADDRESS);
      mayPreview(req).then((allowed) => (allowed ? serve(`/preview${pathname}`, `/preview${req.url}`) : serve(NOT_AN_ADDRESS)));
    }

    /** Answers from the page cache when it holds a fresh copy, else hands the request to Next as `url`, classed by `path`. */
    function serve(path, url = path) {
      req.url = url;
      const countsAsView = req.method === 'GET' && ISSUE_PATH.test(path);
      const hit = cachedPage(req, path);
      if (hit) {
        if (countsAsView) slot('viewsCount').get()?.(viewRequest(req), path);
        const status = sendCached(req, res, hit, { fixed: CACHED_FIXED, requestId: id, close: draining });
        logRequest({ reqId: id, method: req.method, path: logged, status, ms: elapsed(), cache: 'hit' });
        return;
      }

      res.setHeader('x-request-id', id);
      if (draining) res.setHeader('connection', 'close');
      // A client's own policy header must never choose the nonce.
      const nonce = contentSecurityPolicy({ nonce: randomUUID().replaceAll('-', ''), https });
      req.headers['content-security-policy'] = nonce;
      finishHeaders(req, res, path, { nonce, shared: SHARED_POLICY });

      if (countsAsView) slot('viewsCount').get()?.(viewRequest(req), path);

      res.on('finish', () => logRequest({ reqId: id, method: req.method, path: logged, status: res.statusCode, ms: elapsed() }));
      // A page leaves whole or not at all, so that a balancer can send it again elsewhere if this process dies meanwhile.
      if (req.method === 'GET' || req.method === 'HEAD') sendWhole(res);
      requestContext.run({ requestId: id }, () => handle(req, res));
    }
  },
);

/** Asks lib/content (registered by instrumentation.ts) what the live content has at this address: known, unpublished or unknown. */
function addressKind(pathname) {
  const kind = slot('addressKind').get();
  try {
    return kind ? kind(pathname) : 'known';
  } catch {
    return 'known'; // let Next answer (and log) whatever went wrong
  }
}

/** Asks lib/content (registered by instrumentation.ts) whether this request may see the unpublished issue at its address. */
async function mayPreview(req) {
  const may = slot('mayPreview').get();
  const cookie = req.headers.cookie;
  try {
    return may ? await may(req.url ?? '/', Array.isArray(cookie) ? cookie.join('; ') : (cookie ?? null)) : false;
  } catch (error) {
    log.error({ err: error }, 'preview check failed');
    return false;
  }
}

// Next starts the app (instrumentation.ts: the published content) on its first request. Readers
// wait until that is done and the stored pages of another version are refreshed: this server's
// own first request, then the publishing code's refresh (lib/publish/refresh.ts) pass the wait.
const REFRESH_PATH = '/api/publish/refresh';
const WARM_UP_KEY = randomUUID();
let ready = null;

async function warmUp(selfUrl) {
  await fetch(`${selfUrl}/api/health`, { headers: { 'x-masthead-warm-up': WARM_UP_KEY } }).then((r) => r.arrayBuffer());
  await slot('publishReady').get();
}
server.timeout = limits.idleTimeoutMs; // a socket silent this long is closed
server.maxConnections = limits.maxConnections;
server.keepAliveTimeout = 65_000; // longer than common load balancers' idle timeouts (60 s)
server.listen(port, hostname, () => {
  log.info({ port, standalone }, 'listening');
  const { port: actual } = server.address();
  const host = hostname === '0.0.0.0' || hostname === '::' ? '127.0.0.1' : hostname.includes(':') ? `[${hostname}]` : hostname;
  const selfUrl = `http://${host}:${actual}`;
  slot('serverUrl').set(selfUrl);
  const bounded = Promise.race([warmUp(selfUrl), new Promise((resolve) => setTimeout(resolve, 60_000).unref())]);
  ready = bounded.catch((error) => log.error({ err: error }, 'starting the app failed')).finally(() => (ready = null));
  console.log(`Masthead is serving on http://localhost:${port}`);
});

async function shutdown(signal) {
  if (draining) return;
  draining = true;
  slot('draining').set(true);
  log.info({ signal }, 'draining');
  const force = setTimeout(() => {
    log.warn('shutdown timeout: closing the connections still open');
    server.closeAllConnections();
  }, shutdownMs);
  force.unref();
  server.close(async () => {
    // View counts still queued in memory (lib/views) are written before the process ends.
    const views = slot('viewsCounter').get();
    await Promise.race([views?.flush(), new Promise((resolve) => setTimeout(resolve, 5000))]).catch(() => {});
    await cache.close();
    log.info('stopped');
    // The asynchronous log is written out before the process ends.
    await new Promise((resolve) => {
      setTimeout(resolve, 1000).unref();
      log.flush(() => resolve());
    });
    process.exit(0);
  });
  server.closeIdleConnections();
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => void shutdown(signal));
