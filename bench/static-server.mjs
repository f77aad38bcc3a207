#!/usr/bin/env node
// Static baseline for the reading benchmark: the cheapest possible way Node can serve the page.
// The file is read once; every GET gets the same bytes with a content-type and a content-length
// and nothing else, so the difference from `next start` is Next's own per-request work.
// Usage: node bench/static-server.mjs <file> [port=0] [host=127.0.0.1]
// Prints `listening <port>` on stdout once ready (port 0 lets the OS pick a free one, race-free).
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const [file, port = '0', host = '127.0.0.1'] = process.argv.slice(2);
if (!file) {
  console.error('usage: static-server.mjs <file> [port] [host]');
  process.exit(2);
}

const body = readFileSync(file);
const headers = { 'content-type': 'text/html; charset=utf-8', 'content-length': String(body.length) };

const server = createServer((req, res) => {
  if (req.method !== 'GET') {
    res.writeHead(405).end();
    return;
  }
  res.writeHead(200, headers).end(body);
});

server.listen(Number(port), host, () => {
  const address = server.address();
  console.log(`listening ${typeof address === 'object' && address ? address.port : port}`);
});

// Keep-alive connections from the load generator would hold close() open; drop them on shutdown.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
