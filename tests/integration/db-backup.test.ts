import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { backupSqlite, pgDumpCommand, restoreSqlite } from '@/lib/db/backup';
import { migrateDatabase } from '@/lib/db/migrate';

const dir = mkdtempSync(path.join(os.tmpdir(), 'masthead-backup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('SQLite backup and restore', () => {
  it('takes a consistent backup while the site keeps writing, and restores it', async () => {
    const live = path.join(dir, 'live.db');
    await migrateDatabase(`file:${live}`);
    const writer = new Database(live);
    writer.pragma('journal_mode = WAL');
    const insert = writer.prepare('INSERT INTO "PageView" ("slug", "day", "referrer", "at") VALUES (?, ?, NULL, ?)');
    // Writes in transactions of 10 rows, between which the backup must land: never in the middle of one.
    const writeBatch = () => writer.transaction(() => { for (let i = 0; i < 10; i++) insert.run('keeping-a-lab-notebook', '2026-03-10', new Date().toISOString()); })();
    for (let i = 0; i < 3000; i++) writeBatch(); // ~30,000 rows: the backup takes many steps
    let writing = true;
    let writesDuring = 0;
    const loop = (async () => {
      while (writing) {
        writeBatch();
        writesDuring++;
        await new Promise((r) => setImmediate(r));
      }
    })();
    const backup = path.join(dir, 'backups', 'one.db');
    const result = await backupSqlite(`file:${live}`, backup);
    writing = false;
    await loop;
    expect(result).toMatchObject({ ok: true, value: { file: backup } });
    expect(writesDuring).toBeGreaterThan(0); // the site really was writing while the backup ran

    const copy = new Database(backup, { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    const rows = (copy.prepare('SELECT count(*) AS n FROM "PageView"').get() as { n: number }).n;
    copy.close();
    expect(rows).toBeGreaterThanOrEqual(30_000);
    expect(rows % 10).toBe(0); // whole transactions only
    const liveRows = (writer.prepare('SELECT count(*) AS n FROM "PageView"').get() as { n: number }).n;
    writer.close();
    expect(liveRows).toBeGreaterThanOrEqual(rows);

    const restored = restoreSqlite(backup, `file:${live}`);
    expect(restored).toEqual({ ok: true, value: { file: live, previous: `${live}.before-restore` } });
    const back = new Database(live, { readonly: true });
    expect((back.prepare('SELECT count(*) AS n FROM "PageView"').get() as { n: number }).n).toBe(rows);
    back.close();
  });

  it('refuses a damaged backup and changes nothing', () => {
    const junk = path.join(dir, 'junk.db');
    writeFileSync(junk, 'this is not a database');
    expect(restoreSqlite(junk, `file:${path.join(dir, 'other.db')}`)).toEqual({ ok: false, error: 'damaged-backup' });
    expect(restoreSqlite(path.join(dir, 'missing.db'), `file:${path.join(dir, 'other.db')}`)).toEqual({ ok: false, error: 'no-backup' });
  });

  it('points PostgreSQL at pg_dump instead', async () => {
    expect(await backupSqlite('postgres://postgres@127.0.0.1:5432/masthead', path.join(dir, 'x.db'))).toEqual({ ok: false, error: 'not-sqlite' });
    expect(pgDumpCommand('postgres://postgres@127.0.0.1:5432/masthead', 'masthead.dump')).toBe('pg_dump --format=custom --no-owner --file=masthead.dump "postgres://postgres@127.0.0.1:5432/masthead"');
  });
});
