/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Reader pages are prerendered route handlers; nothing needs Next's image optimiser.
  images: { unoptimized: true },
  // Native database drivers load at run time, never bundled; one build serves SQLite or PostgreSQL.
  serverExternalPackages: ['@prisma/adapter-better-sqlite3', '@prisma/adapter-pg', 'better-sqlite3', 'pg'],
};

export default nextConfig;
