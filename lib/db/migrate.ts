import 'server-only';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { openMigrationDriver, type MigrationDriver } from './migration-drivers';
import { getPrismaPaths, sha256 } from './schema-files';
import { getDatabaseKindOf } from './url';

// Applies the committed migrations (prisma/<kind>/migrations/<timestamp>_<name>/migration.sql)
// at run time over the app's own drivers, because Prisma 6's offline CLI cannot (see
// /work/shared/STACK.md). Each migration runs in its own transaction and is recorded in
// `_prisma_migrations` exactly as Prisma records it (same table, sha256 checksum of the
// file), so `prisma migrate deploy` and `migrate status` agree with this runner.

export interface MigrationFile {
  /** The folder name, e.g. `20250101120000_init`; migrations apply in name order. */
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrationReport {
  /** Names of the migrations this run applied, in order (empty: nothing to do). */
  applied: string[];
  /** Things worth a look that did not stop the run (edited or unknown migrations). */
  warnings: string[];
}

export interface MigrateOptions {
  /** Defaults to prisma/<kind>/migrations under process.cwd(). */
  migrationsDir?: string;
  /** Progress lines (a migration is applied, another instance holds the lock). */
  log?: (line: string) => void;
}

/** The migrations in a folder, in the order they apply. */
export function readMigrations(migrationsDir: string): MigrationFile[] {
  if (!existsSync(migrationsDir)) return [];
  return readdirSync(/*turbopackIgnore: true*/ migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(migrationsDir, entry.name, 'migration.sql')))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const bytes = readFileSync(/*turbopackIgnore: true*/ path.join(migrationsDir, name, 'migration.sql'));
      return { name, sql: bytes.toString('utf8'), checksum: sha256(bytes) };
    });
}

/** Applies the pending migrations to the database at `url` (SQLite file or PostgreSQL). */
export async function migrateDatabase(url: string, options: MigrateOptions = {}): Promise<MigrationReport> {
  const kind = getDatabaseKindOf(url);
  const migrations = readMigrations(options.migrationsDir ?? getPrismaPaths(kind).migrations);
  const log = options.log ?? (() => {});
  const driver = await openMigrationDriver(url, log);
  try {
    return await applyPending(driver, migrations, log);
  } finally {
    await driver.close();
  }
}

async function applyPending(driver: MigrationDriver, migrations: MigrationFile[], log: (line: string) => void) {
  const report: MigrationReport = { applied: [], warnings: [] };
  const rows = await driver.readApplied();
  const failed = rows.find((row) => row.finishedAt === null && row.rolledBackAt === null);
  if (failed) {
    // Only `prisma migrate deploy` leaves such rows (this runner rolls back instead); Prisma refuses too (P3009).
    throw new Error(
      `Migration ${failed.name} failed earlier and was never resolved; fix the database, then run ` +
        `\`prisma migrate resolve --rolled-back ${failed.name}\` or delete its row from _prisma_migrations`,
    );
  }
  const applied = new Map(rows.filter((row) => row.rolledBackAt === null).map((row) => [row.name, row.checksum]));
  const known = new Set(migrations.map((m) => m.name));
  for (const name of applied.keys()) {
    if (!known.has(name)) report.warnings.push(`the database has migration ${name}, which this code does not know`);
  }
  for (const migration of migrations) {
    const checksum = applied.get(migration.name);
    if (checksum !== undefined) {
      if (checksum !== migration.checksum) {
        report.warnings.push(`migration ${migration.name} was edited after it was applied (checksum differs)`);
      }
      continue;
    }
    if (await driver.apply(migration)) {
      report.applied.push(migration.name);
      log(`Applied migration ${migration.name}`);
    }
  }
  for (const warning of report.warnings) log(`Warning: ${warning}`);
  return report;
}
