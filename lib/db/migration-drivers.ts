import 'server-only';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { MigrationFile } from './migrate';
import { getDatabaseKindOf, getSqlitePath } from './url';

/** A row of `_prisma_migrations`, as much of it as the runner needs. */
export interface AppliedMigration {
  name: string;
  checksum: string;
  finishedAt: unknown;
  rolledBackAt: unknown;
}

export interface MigrationDriver {
  readApplied(): Promise<AppliedMigration[]>;
  /** Applies and records one migration in a transaction; false if another process already had. */
  apply(migration: MigrationFile): Promise<boolean>;
  close(): Promise<void>;
}

/** How long a SQLite connection waits for another writer before failing. */
export const SQLITE_BUSY_TIMEOUT_MS = 15_000;

// The key `prisma migrate deploy` locks, so this runner and Prisma's exclude each other too.
const POSTGRES_LOCK_KEY = 72707369;

// Prisma's own DDL for its history table (copied from the schema engine), made idempotent.
const SQLITE_HISTORY_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;
const POSTGRES_HISTORY_TABLE = `CREATE TABLE IF NOT EXISTS _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
)`;
const SELECT_APPLIED = `SELECT migration_name AS "name", checksum, finished_at AS "finishedAt",
  rolled_back_at AS "rolledBackAt" FROM _prisma_migrations ORDER BY started_at`;

/** Connects to the database at `url` for migrating (on PostgreSQL: holding the migration lock). */
export async function openMigrationDriver(url: string, log: (line: string) => void): Promise<MigrationDriver> {
  return getDatabaseKindOf(url) === 'sqlite' ? openSqlite(url) : openPostgres(url, log);
}

function failure(migration: MigrationFile, error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  return new Error(`Migration ${migration.name} failed and was rolled back: ${message}`, { cause: error });
}

// The adapter stores DateTime values this way (@prisma/adapter-better-sqlite3, iso8601).
const sqliteNow = () => new Date().toISOString().replace('Z', '+00:00');

function openSqlite(url: string): MigrationDriver {
  const file = getSqlitePath(url);
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file, { timeout: SQLITE_BUSY_TIMEOUT_MS });
  // WAL lets readers work while a comment is written; it persists in the file.
  db.pragma('journal_mode = WAL');
  db.exec(SQLITE_HISTORY_TABLE);
  return {
    readApplied: async () => db.prepare(SELECT_APPLIED).all() as AppliedMigration[],
    async apply(migration) {
      // Redefining a table (Prisma's "RedefineTables" steps) drops the old one; with foreign
      // keys on, that would fire ON DELETE actions on the rows pointing at it. The migration's
      // own `PRAGMA foreign_keys=OFF` is ignored inside a transaction, so turn them off here
      // and check them before committing (SQLite's documented procedure for schema changes).
      db.pragma('foreign_keys = OFF');
      try {
        db.exec('BEGIN IMMEDIATE'); // take the write lock first: a second instance waits here
        const done = db
          .prepare('SELECT 1 FROM _prisma_migrations WHERE migration_name = ? AND finished_at IS NOT NULL AND rolled_back_at IS NULL')
          .get(migration.name);
        if (done) {
          db.exec('COMMIT');
          return false;
        }
        const id = randomUUID();
        db.prepare(
          'INSERT INTO _prisma_migrations (id, checksum, started_at, migration_name, applied_steps_count) VALUES (?, ?, ?, ?, 0)',
        ).run(id, migration.checksum, sqliteNow(), migration.name);
        db.exec(migration.sql);
        const violations = db.pragma('foreign_key_check') as unknown[];
        if (violations.length > 0) throw new Error(`it leaves ${violations.length} broken foreign key(s)`);
        db.prepare('UPDATE _prisma_migrations SET finished_at = ?, applied_steps_count = 1 WHERE id = ?').run(sqliteNow(), id);
        db.exec('COMMIT');
        return true;
      } catch (error) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw failure(migration, error);
      } finally {
        db.pragma('foreign_keys = ON');
      }
    },
    close: async () => void db.close(),
  };
}

async function openPostgres(url: string, log: (line: string) => void): Promise<MigrationDriver> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // Session lock: released by pg_advisory_unlock or when the connection ends, even on a crash.
    const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [POSTGRES_LOCK_KEY]);
    if (!rows[0]?.locked) {
      log('Waiting for another instance to finish migrating the database…');
      await client.query('SELECT pg_advisory_lock($1)', [POSTGRES_LOCK_KEY]);
    }
    await client.query(POSTGRES_HISTORY_TABLE);
  } catch (error) {
    await client.end();
    throw error;
  }
  return {
    readApplied: async () => (await client.query<AppliedMigration>(SELECT_APPLIED)).rows,
    async apply(migration) {
      try {
        await client.query('BEGIN');
        const id = randomUUID();
        await client.query(
          'INSERT INTO _prisma_migrations (id, checksum, started_at, migration_name, applied_steps_count) VALUES ($1, $2, now(), $3, 0)',
          [id, migration.checksum, migration.name],
        );
        await client.query(migration.sql); // no parameters: the simple protocol runs every statement
        await client.query('UPDATE _prisma_migrations SET finished_at = clock_timestamp(), applied_steps_count = 1 WHERE id = $1', [id]);
        await client.query('COMMIT');
        return true;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw failure(migration, error);
      }
    },
    async close() {
      await client.query('SELECT pg_advisory_unlock($1)', [POSTGRES_LOCK_KEY]).catch(() => {});
      await client.end();
    },
  };
}
