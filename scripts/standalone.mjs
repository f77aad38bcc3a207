#!/usr/bin/env node
// After `next build`: completes .next/standalone (Next's traced server and node_modules) into a
// folder that runs by itself: `node server.mjs` there, with the environment of DEPLOY.md.
// Next leaves out the static assets and everything read from disk at run time; this adds them.
import { cpSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const out = path.join(root, '.next', 'standalone');
if (!existsSync(path.join(out, 'server.js'))) {
  console.error('No .next/standalone/server.js: run `next build` with output: "standalone" first.');
  process.exit(1);
}

const copies = [
  ['public', 'public'], // images, the reader islands (/js), icons
  ['.next/static', '.next/static'], // Next's hashed assets
  ['content', 'content'], // issues and email texts: pages are re-rendered from them (ISR)
  ['prisma/sqlite/migrations', 'prisma/sqlite/migrations'], // applied by the app at start
  ['prisma/postgres/migrations', 'prisma/postgres/migrations'],
  ['scripts/server.mjs', 'server.mjs'], // our server: socket addresses, request ids, CSP, view counting, drain on SIGTERM
  ['scripts/csp.mjs', 'csp.mjs'],
  ['lib/logger.mjs', 'logger.mjs'], // what scripts/logger.mjs re-exports in the checkout
  ['lib/process-slots.mjs', 'process-slots.mjs'], // what scripts/process-slots.mjs re-exports
  ['scripts/request-address.mjs', 'request-address.mjs'],
  ['scripts/response-policy.mjs', 'response-policy.mjs'],
  ['lib/server-limits.mjs', 'server-limits.mjs'], // what scripts/ re-exports in the checkout, as below
  ['lib/trust-proxy.mjs', 'trust-proxy.mjs'],
  ['scripts/security-headers.mjs', 'security-headers.mjs'],
  ['scripts/serve-cached.mjs', 'serve-cached.mjs'],
  ['scripts/whole-response.mjs', 'whole-response.mjs'],
  // The page cache, as server.mjs loads it (Next's trace already holds the cache handler's own copy
  // under scripts/, with ioredis; both find the one cache of the process in its globalThis slot).
  ['scripts/page-cache.mjs', 'page-cache.mjs'],
  ['scripts/page-cache-entry.mjs', 'page-cache-entry.mjs'],
  ['scripts/page-cache-redis.mjs', 'page-cache-redis.mjs'],
  ['lib/page-cache-settings.mjs', 'page-cache-settings.mjs'],
];
for (const [from, to] of copies) {
  const target = path.join(out, to);
  rmSync(target, { recursive: true, force: true });
  cpSync(path.join(root, from), target, { recursive: true });
}
// The checkout's local data never ships.
rmSync(path.join(out, 'var'), { recursive: true, force: true });
writeFileSync(path.join(out, 'README.txt'), 'Masthead, standalone build. Start with: node server.mjs   (see DEPLOY.md for the environment)\n');
console.log(`✓ standalone server ready in ${path.relative(root, out)} (start it with: node server.mjs)`);
