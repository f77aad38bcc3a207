import 'server-only';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient as PostgresClient } from '@/prisma/generated/postgres/client';
import { PrismaClient as SqliteClient } from '@/prisma/generated/sqlite/client';
import { migrateDatabase } from './migrate';
import { SQLITE_BUSY_TIMEOUT_MS } from './migration-drivers';
import { getDatabaseKindOf, getDatabaseUrl, getSqlitePath, type DatabaseKind } from './url';

/**
 * The database client app code uses. Both generated clients have the same models and
 * row types; the SQLite client's API is the common subset (no `mode: 'insensitive'`,
 * no `createManyAndReturn` differences to rely on), so it is the one type everywhere.
 */
export type Db = SqliteClient;

// Row types and the Prisma namespace (error classes, input types) come from the same client
// as `Db`; the error classes are the shared runtime's, so `instanceof` works on both databases.
export type { Block, Comment, LoginToken, Notification, RateLimitCounter, ReplyOptOut } from '@/prisma/generated/sqlite/client';
export { Prisma } from '@/prisma/generated/sqlite/client';

/** A new client for `url` (tests and scripts; the app uses getDb()). */
export function createDb(url: string): Db {
  if (getDatabaseKindOf(url) === 'postgres') {
    // The one place the PostgreSQL client is treated as the SQLite client's type.
    // Bounded waits: with the database down, a request fails in seconds (and answers 503) instead of hanging.
    const adapter = new PrismaPg({ connectionString: url, connectionTimeoutMillis: 3_000, query_timeout: 15_000, idleTimeoutMillis: 30_000 });
    return new PostgresClient({ adapter }) as unknown as Db;
  }
  const file = getSqlitePath(url);
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  // `timeout` is SQLite's busy_timeout: concurrent writers wait instead of failing with SQLITE_BUSY.
  // WAL mode is set by the migration runner and persists in the file.
  return new SqliteClient({ adapter: new PrismaBetterSQLite3({ url: file, timeout: SQLITE_BUSY_TIMEOUT_MS }) });
}

// Next's dev server re-evaluates modules on every change: keep one client (and one
// migration run) on globalThis and read it back, or each reload opens new connections.
const globalForDb = globalThis as typeof globalThis & { mastheadDb?: Db; mastheadDbReady?: Promise<void> };

/** The process's database client for DATABASE_URL (default: the SQLite file var/masthead.db). */
export function getDb(): Db {
  globalForDb.mastheadDb ??= createDb(getDatabaseUrl());
  return globalForDb.mastheadDb;
}

/** Which database DATABASE_URL points at. */
export function getDatabaseKind(): DatabaseKind {
  return getDatabaseKindOf(getDatabaseUrl());
}

/**
 * Creates the database if needed and applies pending migrations, once per process;
 * await it before the first query. A failed run is retried on the next call.
 */
export function ensureDatabase(): Promise<void> {
  globalForDb.mastheadDbReady ??= migrateDatabase(getDatabaseUrl(), { log: (line) => console.log(`[db] ${line}`) }).then(
    () => undefined,
    (error: unknown) => {
      globalForDb.mastheadDbReady = undefined;
      throw error;
    },
  );
  return globalForDb.mastheadDbReady;
}

/**
 * Closes the process's client and forgets it (and the migration run), so the next
 * getDb() connects to DATABASE_URL afresh. Scripts call it before exiting; tests to switch databases.
 */
export async function disconnectDb(): Promise<void> {
  const db = globalForDb.mastheadDb;
  globalForDb.mastheadDb = undefined;
  globalForDb.mastheadDbReady = undefined;
  await db?.$disconnect();
}
