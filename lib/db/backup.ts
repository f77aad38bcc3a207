import 'server-only';
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { err, ok, type Result } from '../result';
import { getDatabaseKindOf, getSqlitePath } from './url';

/**
 * Backups of the SQLite database. A backup is taken with SQLite's online backup API while the
 * site keeps serving and writing: the copy is one consistent moment of the database, never a torn
 * file. PostgreSQL has its own tool for this; `pgDumpCommand` prints the exact command.
 */
export async function backupSqlite(databaseUrl: string, destination: string): Promise<Result<{ file: string; bytes: number }, 'not-sqlite' | 'no-database'>> {
  if (getDatabaseKindOf(databaseUrl) !== 'sqlite') return err('not-sqlite');
  const source = getSqlitePath(databaseUrl);
  if (!existsSync(source)) return err('no-database');
  mkdirSync(path.dirname(destination), { recursive: true });
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    // After a first step, the rest in one step: SQLite restarts a stepwise backup whenever another
    // connection writes, so on a busy site small steps might never finish. One step is one read
    // transaction: consistent, and in WAL mode it never blocks the site's writers.
    await db.backup(destination, { progress: () => 1_000_000_000 });
  } finally {
    db.close();
  }
  const check = new Database(destination, { readonly: true });
  try {
    const { bytes } = check.prepare('SELECT page_count * page_size AS bytes FROM pragma_page_count(), pragma_page_size()').get() as { bytes: number };
    return ok({ file: destination, bytes });
  } finally {
    check.close();
  }
}

export type RestoreError = 'not-sqlite' | 'no-backup' | 'damaged-backup' | 'database-in-use';

/**
 * Replaces the SQLite database with a backup (the site must be stopped). The backup is checked
 * first (integrity_check); the current database is kept next to it as `<name>.before-restore`.
 */
export function restoreSqlite(backup: string, databaseUrl: string): Result<{ file: string; previous: string | null }, RestoreError> {
  if (getDatabaseKindOf(databaseUrl) !== 'sqlite') return err('not-sqlite');
  if (!existsSync(backup)) return err('no-backup');
  try {
    const check = new Database(backup, { readonly: true, fileMustExist: true });
    try {
      const rows = check.pragma('integrity_check') as Array<{ integrity_check: string }>;
      if (rows[0]?.integrity_check !== 'ok') return err('damaged-backup');
    } finally {
      check.close();
    }
  } catch {
    return err('damaged-backup');
  }
  const target = getSqlitePath(databaseUrl);
  let previous: string | null = null;
  if (existsSync(target)) {
    // A running site holds the database open; an exclusive lock tells us (and keeps it out meanwhile).
    const live = new Database(target, { timeout: 0 });
    try {
      live.pragma('wal_checkpoint(TRUNCATE)');
      live.exec('BEGIN EXCLUSIVE; COMMIT;');
    } catch {
      live.close();
      return err('database-in-use');
    }
    live.close();
    previous = `${target}.before-restore`;
    copyFileSync(target, previous);
  }
  mkdirSync(path.dirname(target), { recursive: true });
  for (const suffix of ['-wal', '-shm']) rmSync(`${target}${suffix}`, { force: true });
  copyFileSync(backup, target);
  return ok({ file: target, previous });
}

/** The command that backs up a PostgreSQL database consistently while it serves. */
export function pgDumpCommand(databaseUrl: string, file: string): string {
  return `pg_dump --format=custom --no-owner --file=${file} "${databaseUrl}"`;
}
