import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDatabase, readMigrations } from '@/lib/db/migrate';
import { diffSchemas } from '@/lib/db/prisma-cli';
import { findStaleFiles, getPrismaPaths, sha256 } from '@/lib/db/schema-files';
import { getSqlitePath, type DatabaseKind } from '@/lib/db/url';
import { createEmptyDatabase, createTestDatabase, testDatabases, type EmptyDatabase, type TestDatabase } from '../support/databases';

// Every model in the one hand-edited schema file is a table.
const MODEL_TABLES = [...readFileSync('prisma/models.prisma', 'utf8').matchAll(/^model (\w+) \{/gm)].map((m) => m[1]!).sort();

/**
 * The hand-written SQL of the migrations (between `-- masthead:raw-sql begin` and `end`): what
 * Prisma's schema cannot express, such as the search indexes. The database built from the schema
 * gets it too, so the catalogs still say whether migrations and schema agree on everything else.
 */
function rawSqlOf(kind: DatabaseKind): string {
  const dir = getPrismaPaths(kind).migrations;
  return readMigrations(dir)
    .flatMap((m) => readFileSync(path.join(dir, m.name, 'migration.sql'), 'utf8').match(/^-- masthead:raw-sql begin$[\s\S]*?^-- masthead:raw-sql end$/gm) ?? [])
    .join('\n');
}

/** Runs SQL (many statements) on a database through its plain driver. */
async function execSql(url: string, kind: DatabaseKind, sql: string): Promise<void> {
  if (kind === 'sqlite') {
    const db = new Database(getSqlitePath(url));
    db.exec(sql);
    db.close();
    return;
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(sql).finally(() => client.end());
}

async function queryRows(url: string, kind: DatabaseKind, sql: string): Promise<Record<string, unknown>[]> {
  if (kind === 'sqlite') {
    const db = new Database(getSqlitePath(url), { readonly: true });
    try {
      return db.prepare(sql).all() as Record<string, unknown>[];
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return (await client.query(sql).finally(() => client.end())).rows as Record<string, unknown>[];
}

// Everything the schema decides, read from the database's own catalog, in a stable order
// (column order is left out: ALTER TABLE appends where a fresh CREATE TABLE would not).
const CATALOG_QUERIES: Record<DatabaseKind, Record<string, string>> = {
  sqlite: {
    tables: `SELECT name, sql LIKE '%AUTOINCREMENT%' AS "autoincrement" FROM sqlite_master
      WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations' ORDER BY name`,
    columns: `SELECT m.name AS tbl, c.name, c.type, c."notnull", c.dflt_value, c.pk FROM sqlite_master m,
      pragma_table_xinfo(m.name) c WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> '_prisma_migrations'
      ORDER BY tbl, c.name`,
    indexes: `SELECT m.name AS tbl, i.name, i."unique", i.origin, i.partial,
      (SELECT group_concat(x.name || ' ' || x."desc" || ' ' || x.coll, ', ') FROM pragma_index_xinfo(i.name) x WHERE x.key = 1) AS cols
      FROM sqlite_master m, pragma_index_list(m.name) i
      WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> '_prisma_migrations' ORDER BY tbl, i.name`,
    foreignKeys: `SELECT m.name AS tbl, f."table", f."from", f."to", f.on_update, f.on_delete FROM sqlite_master m,
      pragma_foreign_key_list(m.name) f WHERE m.type = 'table' ORDER BY tbl, f."from"`,
  },
  postgres: {
    columns: `SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default, character_maximum_length,
      numeric_precision, datetime_precision FROM information_schema.columns
      WHERE table_schema = 'public' AND table_name <> '_prisma_migrations' ORDER BY table_name, column_name`,
    indexes: `SELECT tablename, indexname, indexdef FROM pg_indexes
      WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY tablename, indexname`,
    constraints: `SELECT conrelid::regclass::text AS tbl, conname, contype, pg_get_constraintdef(oid) AS def FROM pg_constraint
      WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text <> '_prisma_migrations' ORDER BY tbl, conname`,
    sequences: `SELECT sequence_name, data_type FROM information_schema.sequences WHERE sequence_schema = 'public' ORDER BY 1`,
  },
};

async function readCatalog(url: string, kind: DatabaseKind): Promise<Record<string, Record<string, unknown>[]>> {
  const entries = await Promise.all(
    Object.entries(CATALOG_QUERIES[kind]).map(async ([part, sql]) => [part, await queryRows(url, kind, sql)] as const),
  );
  return Object.fromEntries(entries);
}

function tableNames(catalog: Record<string, Record<string, unknown>[]>, kind: DatabaseKind): string[] {
  const rows = kind === 'sqlite' ? catalog.tables! : catalog.columns!;
  return [...new Set(rows.map((row) => String(row.name ?? row.table_name)))];
}

function runMigrateScript(url: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const tsx = path.join(process.cwd(), 'node_modules', '.bin', 'tsx');
    const child = spawn(tsx, ['--conditions=react-server', 'scripts/db-migrate.ts'], { env: { ...process.env, DATABASE_URL: url } });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('close', (code) => resolve({ code, out }));
  });
}

describe('generated Prisma schemas', () => {
  it('match prisma/models.prisma (else: npm run db:generate)', () => {
    expect(findStaleFiles()).toEqual([]);
  });

  it('are reported stale when models.prisma changes without regenerating', () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'masthead-stale-'));
    try {
      cpSync(path.join(process.cwd(), 'prisma'), path.join(root, 'prisma'), { recursive: true, filter: (src) => !src.includes('generated') });
      mkdirSync(path.join(root, 'prisma', 'generated', 'postgres'), { recursive: true });
      cpSync(getPrismaPaths('postgres').clientStamp, getPrismaPaths('postgres', root).clientStamp);
      symlinkSync(path.join(process.cwd(), 'node_modules'), path.join(root, 'node_modules'));
      const models = getPrismaPaths('sqlite', root).models;
      writeFileSync(models, `${readFileSync(models, 'utf8')}\nmodel Vote {\n  id Int @id\n}\n`);
      expect(findStaleFiles(root)).toEqual([
        'prisma/sqlite/schema.prisma',
        'prisma/generated/sqlite',
        'prisma/postgres/schema.prisma',
        'prisma/generated/postgres',
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe.each(testDatabases)('migrations on $kind', ({ kind }) => {
  let migrated: TestDatabase;
  let fromSchema: EmptyDatabase;
  const migrations = readMigrations(getPrismaPaths(kind).migrations);

  beforeAll(async () => {
    [migrated, fromSchema] = await Promise.all([createTestDatabase(kind), createEmptyDatabase(kind)]);
    await execSql(fromSchema.url, kind, await diffSchemas(null, getPrismaPaths(kind).schema));
    await execSql(fromSchema.url, kind, rawSqlOf(kind));
  }, 60_000);
  afterAll(async () => {
    await Promise.all([migrated?.drop(), fromSchema?.drop()]);
  });

  it('build the same tables, columns, types, nullability and indexes as the schema', async () => {
    const [fromMigrations, expected] = await Promise.all([readCatalog(migrated.url, kind), readCatalog(fromSchema.url, kind)]);
    // The search migration's FTS5 tables (and SQLite's shadow tables behind them) are not models.
    expect(tableNames(expected, kind).filter((t) => !t.startsWith('search_'))).toEqual(MODEL_TABLES);
    expect(fromMigrations, 'the migrations do not build prisma/models.prisma: npm run db:migration -- <name>').toEqual(expected);
  });

  it('are recorded as Prisma records them, and a second run applies nothing', async () => {
    expect(await migrateDatabase(migrated.url)).toEqual({ applied: [], warnings: [] });
    const rows = await queryRows(
      migrated.url,
      kind,
      'SELECT migration_name, checksum, finished_at, rolled_back_at, applied_steps_count FROM _prisma_migrations ORDER BY migration_name',
    );
    expect(migrations.length).toBeGreaterThan(0);
    expect(rows.map((r) => [r.migration_name, r.checksum, Number(r.applied_steps_count), r.rolled_back_at])).toEqual(
      migrations.map((m) => [m.name, sha256(readFileSync(path.join(getPrismaPaths(kind).migrations, m.name, 'migration.sql'))), 1, null]),
    );
    expect(rows.every((r) => r.finished_at !== null)).toBe(true);
  });

  it('are applied once when several app instances start at the same time', async () => {
    const fresh = await createEmptyDatabase(kind);
    try {
      const runs = await Promise.all([1, 2, 3].map(() => runMigrateScript(fresh.url)));
      expect(runs.map((r) => r.code)).toEqual([0, 0, 0]);
      const applied = runs.flatMap((r) => r.out.match(/^Applied migration \S+/gm) ?? []);
      expect(applied.sort()).toEqual(migrations.map((m) => `Applied migration ${m.name}`));
      const rows = await queryRows(fresh.url, kind, 'SELECT migration_name FROM _prisma_migrations');
      expect(rows).toHaveLength(migrations.length);
    } finally {
      await fresh.drop();
    }
  }, 60_000);

  it('leave no trace of a migration that fails, and keep the ones before it', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'masthead-migrations-'));
    const fresh = await createEmptyDatabase(kind);
    try {
      const write = (name: string, sql: string) => {
        mkdirSync(path.join(dir, name));
        writeFileSync(path.join(dir, name, 'migration.sql'), sql);
      };
      write('20240101000000_first', 'CREATE TABLE "First" ("id" INTEGER PRIMARY KEY);');
      write('20240102000000_broken', 'CREATE TABLE "Second" ("id" INTEGER PRIMARY KEY);\nINSERT INTO "Nowhere" VALUES (1);');
      await expect(migrateDatabase(fresh.url, { migrationsDir: dir })).rejects.toThrow(/Migration 20240102000000_broken failed/);
      const names = await queryRows(fresh.url, kind, 'SELECT migration_name FROM _prisma_migrations');
      expect(names).toEqual([{ migration_name: '20240101000000_first' }]);
      await expect(queryRows(fresh.url, kind, 'SELECT * FROM "Second"')).rejects.toThrow(/Second/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await fresh.drop();
    }
  });
});

describe('the migration runner on SQLite', () => {
  it('keeps replies attached when a migration redefines the table they point at', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'masthead-migrations-'));
    const fresh = await createEmptyDatabase('sqlite');
    try {
      const write = (name: string, sql: string) => {
        mkdirSync(path.join(dir, name));
        writeFileSync(path.join(dir, name, 'migration.sql'), sql);
      };
      write(
        '20240101000000_init',
        `CREATE TABLE "Post" ("id" TEXT NOT NULL PRIMARY KEY, "title" TEXT NOT NULL);
         CREATE TABLE "Reply" ("id" TEXT NOT NULL PRIMARY KEY, "postId" TEXT,
           CONSTRAINT "Reply_postId_fkey" FOREIGN KEY ("postId") REFERENCES "Post" ("id") ON DELETE SET NULL ON UPDATE CASCADE);
         INSERT INTO "Post" VALUES ('p1', 'First');
         INSERT INTO "Reply" VALUES ('r1', 'p1');`,
      );
      // What `prisma migrate diff` writes for SQLite when a column changes (see "RedefineTables").
      write(
        '20240102000000_redefine_post',
        `PRAGMA defer_foreign_keys=ON;
         PRAGMA foreign_keys=OFF;
         CREATE TABLE "new_Post" ("id" TEXT NOT NULL PRIMARY KEY, "title" TEXT NOT NULL DEFAULT '');
         INSERT INTO "new_Post" ("id", "title") SELECT "id", "title" FROM "Post";
         DROP TABLE "Post";
         ALTER TABLE "new_Post" RENAME TO "Post";
         PRAGMA foreign_keys=ON;
         PRAGMA defer_foreign_keys=OFF;`,
      );
      expect((await migrateDatabase(fresh.url, { migrationsDir: dir })).applied).toHaveLength(2);
      expect(await queryRows(fresh.url, 'sqlite', 'SELECT * FROM "Reply"')).toEqual([{ id: 'r1', postId: 'p1' }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await fresh.drop();
    }
  });
});
