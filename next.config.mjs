/**
 * Security headers for every response, static or not. The Content-Security-Policy is set per
 * request by scripts/server.mjs (it carries a nonce for Next's own pages). HSTS only when the site
 * is served over https (SITE_URL is read at build, like the pages).
 */
const https = (process.env.SITE_URL ?? '').startsWith('https://');

export const securityHeaders = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()' },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
  ...(https ? [{ key: 'Strict-Transport-Security', value: 'max-age=63072000; includeSubDomains' }] : []),
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // `npm run build` also makes .next/standalone: a server folder that runs without the checkout
  // (DEPLOY.md). Only while building: at run time Next would warn that `next start` ignores it.
  ...(process.env.MASTHEAD_STANDALONE === '1' ? { output: 'standalone' } : {}),
  poweredByHeader: false,
  // Reader pages are prerendered route handlers; nothing needs Next's image optimiser.
  images: { unoptimized: true },
  // Native database drivers load at run time, never bundled; one build serves SQLite or PostgreSQL.
  // pino and proxy-addr are shared with scripts/server.mjs: external, so the standalone build ships them.
  serverExternalPackages: ['@prisma/adapter-better-sqlite3', '@prisma/adapter-pg', 'better-sqlite3', 'pg', 'pino', 'proxy-addr'],
  async headers() {
    return [{ source: '/:path*', headers: securityHeaders }];
  },
};

export default nextConfig;
