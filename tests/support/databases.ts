/**
 * Real databases for integration suites: every suite runs on SQLite, and also on
 * PostgreSQL when TEST_POSTGRES_URL points at a server (CI sets it; locally e.g.
 * `TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/postgres npm run test:unit`).
 *
 * Each suite gets a database of its own, built from the committed migrations, so
 * suites never share data and vitest may run files in parallel:
 *
 *   describe.each(testDatabases)('comments on $kind', ({ kind }) => {
 *     const database = useTestDatabase(kind); // getDb() and DATABASE_URL now point at it
 *     it('keeps a reply under its parent', async () => {
 *       await createComment(…);                // services use getDb() as in the app
 *       expect(await database().db.comment.count()).toBe(2);
 *     });
 *   });
 *
 * `useTestDatabase` empties the tables after each test and drops the database after the
 * suite. For more control, `createTestDatabase(kind)` returns { url, db, reset(), drop() }.
 * SQLite databases are temp files; PostgreSQL ones are `masthead_test_<random>` on the
 * TEST_POSTGRES_URL server, dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createDb, disconnectDb, type Db } from '@/lib/db/client';
import { migrateDatabase } from '@/lib/db/migrate';
import { getSqlitePath, type DatabaseKind } from '@/lib/db/url';
import { flushDeliveries } from '@/lib/comments/notifications';
import { flushSubscribeWork } from '@/lib/newsletter/subscribe-queue';

export interface TestDatabaseTarget {
  kind: DatabaseKind;
  /** Where this kind's test databases are made: the PostgreSQL server, or SQLite's temp folder. */
  url: () => string;
}

export interface EmptyDatabase {
  kind: DatabaseKind;
  url: string;
  /** Deletes the database (close your own connections first). */
  drop: () => Promise<void>;
}

export interface TestDatabase extends EmptyDatabase {
  /** A Prisma client of its own (the app's type, whichever the database). */
  db: Db;
  /** Deletes every row and restarts ids; keeps the schema and migration history. */
  reset: () => Promise<void>;
}

const postgresServer = process.env.TEST_POSTGRES_URL?.trim();

/** The databases suites run on: SQLite always, PostgreSQL when TEST_POSTGRES_URL is set. */
export const testDatabases: TestDatabaseTarget[] = [
  { kind: 'sqlite', url: () => `file:${os.tmpdir()}` },
  ...(postgresServer ? [{ kind: 'postgres' as const, url: () => postgresServer }] : []),
];

function withDatabase(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function onServer<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  if (!postgresServer) throw new Error('TEST_POSTGRES_URL is not set');
  const client = new pg.Client({ connectionString: postgresServer });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** A new database with no tables at all (for tests of the migrations themselves). */
export async function createEmptyDatabase(kind: DatabaseKind): Promise<EmptyDatabase> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'masthead-test-'));
    return { kind, url: `file:${path.join(dir, 'test.db')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `masthead_test_${randomBytes(6).toString('hex')}`;
  await onServer((client) => client.query(`CREATE DATABASE ${name}`));
  return {
    kind,
    url: withDatabase(postgresServer!, name),
    drop: () => onServer((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => {}),
  };
}

/** A new database of `kind`, migrated, with a client of its own. */
export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  const empty = await createEmptyDatabase(kind);
  await migrateDatabase(empty.url);
  const db = createDb(empty.url);
  return {
    ...empty,
    db,
    reset: () => (kind === 'sqlite' ? resetSqlite(empty.url) : resetPostgres(db)),
    drop: async () => {
      await db.$disconnect();
      await empty.drop();
    },
  };
}

async function resetSqlite(url: string): Promise<void> {
  // A connection of its own, because foreign keys can only be switched off outside a transaction.
  const sqlite = new Database(getSqlitePath(url), { timeout: 15_000 });
  try {
    sqlite.pragma('foreign_keys = OFF');
    // Virtual tables (the search index) are emptied like any other; their shadow tables are theirs to keep.
    const tables = sqlite
      .prepare("SELECT name FROM pragma_table_list WHERE schema = 'main' AND type IN ('table', 'virtual') AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations'")
      .pluck()
      .all() as string[];
    const hasSequence = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'").get() !== undefined;
    sqlite.transaction(() => {
      for (const table of tables) sqlite.exec(`DELETE FROM "${table}"`);
      if (hasSequence) sqlite.exec('DELETE FROM sqlite_sequence');
    })();
  } finally {
    sqlite.close();
  }
}

async function resetPostgres(db: Db): Promise<void> {
  // ::text because adapter-pg cannot read the catalog's `name` type (prisma/orm#27403).
  const rows = await db.$queryRawUnsafe<{ name: string }[]>(
    "SELECT tablename::text AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'",
  );
  if (rows.length === 0) return;
  await db.$executeRawUnsafe(`TRUNCATE ${rows.map((r) => `"${r.name}"`).join(', ')} RESTART IDENTITY CASCADE`);
}

/**
 * For a describe block: creates a test database of `kind` before its tests and makes it
 * the app's database (DATABASE_URL and getDb()), empties it after each test, drops it at
 * the end. Returns a getter, since the database exists only once the suite has started.
 */
export function useTestDatabase(kind: DatabaseKind): () => TestDatabase {
  let database: TestDatabase | undefined;
  const previousUrl = process.env.DATABASE_URL;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    await disconnectDb();
    process.env.DATABASE_URL = database.url;
  }, 60_000);
  // A test's own background work (the emails its comments queued, its subscribe requests) ends
  // before its data goes: emptying the tables under a pass still writing locks SQLite for both.
  afterEach(async () => {
    await Promise.all([flushDeliveries(), flushSubscribeWork()]);
    await database?.reset();
  });
  afterAll(async () => {
    await disconnectDb();
    if (previousUrl === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = previousUrl;
    await database?.drop();
  }, 60_000);
  return () => {
    if (!database) throw new Error('useTestDatabase: the database exists only inside tests and hooks');
    return database;
  };
}
