import { createRequire } from 'node:module';
import { securityHeaders as headersFor } from './scripts/security-headers.mjs';

/**
 * Security headers for every response, static or not (./scripts/security-headers.mjs, which
 * scripts/server.mjs also sends on the pages it answers from the page cache). The
 * Content-Security-Policy is set per request by scripts/server.mjs (it carries a nonce for Next's
 * own pages). HSTS only when the site is served over https (SITE_URL is read at build, like the pages).
 */
const https = (process.env.SITE_URL ?? '').startsWith('https://');

export const securityHeaders = headersFor({ https });

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // `npm run build` also makes .next/standalone: a server folder that runs without the checkout
  // (DEPLOY.md). Only while building: at run time Next would warn that `next start` ignores it.
  ...(process.env.MASTHEAD_STANDALONE === '1' ? { output: 'standalone' } : {}),
  poweredByHeader: false,
  // Next keeps the responses of prerendered routes in our page cache (scripts/page-cache.mjs:
  // memory, and Redis when REDIS_URL is set), which scripts/server.mjs answers readers from before
  // Next sees the request; revalidatePath invalidates it on every instance. Next's own memory cache
  // would be a second copy.
  cacheHandler: createRequire(import.meta.url).resolve('./scripts/cache-handler.mjs'),
  cacheMaxMemorySize: 0,
  // Reader pages are prerendered route handlers; nothing needs Next's image optimiser.
  images: { unoptimized: true },
  // Load a route's code when a request first needs it, not every route at start: a reader's
  // requests never load the admin, newsletter and comment-moderation routes (about 60 MB of a
  // server's memory; see README, Performance).
  experimental: { preloadEntriesOnStart: false },
  // Native database drivers load at run time, never bundled; one build serves SQLite or PostgreSQL.
  // pino and proxy-addr are shared with scripts/server.mjs: external, so the standalone build ships them.
  // Replies by email (lib/comments/reply-by-email.ts): Node mail packages, loaded as they are.
  serverExternalPackages: [
    '@prisma/adapter-better-sqlite3', '@prisma/adapter-pg', 'better-sqlite3', 'pg', 'pino', 'proxy-addr',
    'smtp-server', 'mailparser', 'mailauth', 'email-reply-parser', 'html-to-text',
  ],
  async headers() {
    return [{ source: '/:path*', headers: securityHeaders }];
  },
};

export default nextConfig;
