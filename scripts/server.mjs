#!/usr/bin/env node
// The production server behind `npm start`: Next's request handler on a plain Node HTTP server,
// so that the client address the app sees comes from the socket, never from a header a reader
// wrote. With TRUST_PROXY=N (N proxies in front), their X-Forwarded-For is kept and the peer is
// appended; lib/request.ts then steps back N hops from the end.
import http from 'node:http';
import path from 'node:path';
import next from 'next';

const root = path.resolve(import.meta.dirname, '..');
const port = Number(process.env.PORT || 3000);
const hostname = process.env.HOSTNAME || '0.0.0.0';
const trustedProxies = Number(process.env.TRUST_PROXY || 0);

const app = next({ dev: false, dir: root, port, hostname });
const handle = app.getRequestHandler();
await app.prepare();

const server = http.createServer((req, res) => {
  const peer = req.socket.remoteAddress ?? 'unknown';
  const forwarded = req.headers['x-forwarded-for'];
  const chain = Array.isArray(forwarded) ? forwarded.join(', ') : forwarded;
  req.headers['x-forwarded-for'] = trustedProxies > 0 && chain ? `${chain}, ${peer}` : peer;
  delete req.headers['x-real-ip'];
  handle(req, res);
});
server.listen(port, hostname, () => console.log(`Masthead is serving on http://localhost:${port}`));
// On a stop: no new connections, then the view counts still queued in memory (lib/views) are written.
const viewCounter = () => globalThis[Symbol.for('masthead.views.counter')];
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () =>
    server.close(async () => {
      await Promise.race([viewCounter()?.flush(), new Promise((resolve) => setTimeout(resolve, 5000))]).catch(() => {});
      process.exit(0);
    }),
  );
}
