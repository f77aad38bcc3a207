import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { getSetting } from './lib/env';

// Prisma 6 works offline only with the JavaScript schema engine and a driver adapter;
// if this file or the schema fails to load, the CLI falls back to downloading native
// engines and fails with ENOTFOUND binaries.prisma.sh (see /work/shared/STACK.md).
// The scripts only run the CLI for `generate` and the pure `migrate diff` (lib/db/prisma-cli.ts,
// with DATABASE_URL=file::memory:); the app applies migrations itself (lib/db/migrate.ts).
// The adapter below serves commands run by hand, e.g. `npx prisma migrate status` (SQLite).
export default defineConfig({
  schema: 'prisma/sqlite/schema.prisma', // `--schema prisma/postgres/schema.prisma` for the other
  experimental: { adapter: true },
  engine: 'js',
  async adapter() {
    const url = getSetting('DATABASE_URL'); // its default too: lib/env.ts
    if (/^postgres(ql)?:\/\//.test(url)) {
      const { PrismaPg } = await import('@prisma/adapter-pg');
      return new PrismaPg({ connectionString: url });
    }
    const file = url.replace(/^file:/, '');
    if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    const { PrismaBetterSQLite3 } = await import('@prisma/adapter-better-sqlite3');
    return new PrismaBetterSQLite3({ url: file });
  },
});
