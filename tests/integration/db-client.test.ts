import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { disconnectDb, ensureDatabase, getDatabaseKind, getDb, Prisma } from '@/lib/db/client';
import { getSqlitePath } from '@/lib/db/url';
import { testDatabases, useTestDatabase } from '../support/databases';

describe.each(testDatabases)('getDb() on $kind', ({ kind }) => {
  const database = useTestDatabase(kind);

  it('is one client, for the database DATABASE_URL names', () => {
    expect(getDb()).toBe(getDb());
    expect(getDatabaseKind()).toBe(kind);
    expect(process.env.DATABASE_URL).toBe(database().url);
  });

  it('stores a thread of comments and reads it back with dates intact', async () => {
    const createdAt = new Date('2024-03-12T08:30:00.123Z');
    await getDb().comment.create({ data: { id: 'c1', issueSlug: 'hello', body: 'First', status: 'published', createdAt } });
    await getDb().comment.create({ data: { id: 'c2', issueSlug: 'hello', body: 'Reply', status: 'published', parentId: 'c1' } });
    const root = await getDb().comment.findUniqueOrThrow({ where: { id: 'c1' }, include: { replies: true } });
    expect(root.createdAt).toEqual(createdAt);
    expect(root.replies.map((r) => r.body)).toEqual(['Reply']);
    expect(await database().db.comment.count()).toBe(2);
  });

  it('rejects an undefined filter instead of matching every row', async () => {
    await getDb().replyOptOut.create({ data: { email: 'a@example.com' } });
    // strictUndefinedChecks: a missing value must not turn a delete into "delete everything".
    await expect(getDb().replyOptOut.deleteMany({ where: { email: undefined } })).rejects.toThrow(/undefined/i);
    expect(await getDb().replyOptOut.count()).toBe(1);
  });

  it('reports a duplicate as a known Prisma error (P2002) on either database', async () => {
    await getDb().block.create({ data: { kind: 'email', value: 'spam@example.com' } });
    const duplicate = await getDb()
      .block.create({ data: { kind: 'email', value: 'spam@example.com' } })
      .catch((error: unknown) => error);
    expect(duplicate).toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
    expect((duplicate as Prisma.PrismaClientKnownRequestError).code).toBe('P2002');
  });

  it('starts every test empty, with ids from 1', async () => {
    expect(await getDb().comment.count()).toBe(0);
    expect((await getDb().block.create({ data: { kind: 'ip', value: 'x' } })).id).toBe(1);
  });
});

describe('a SQLite database file', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'masthead-client-'));
  const url = `file:${path.join(dir, 'var', 'nested', 'masthead.db')}`;
  const previousUrl = process.env.DATABASE_URL;

  afterEach(async () => {
    await disconnectDb();
    if (previousUrl === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = previousUrl;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is created and migrated by ensureDatabase(), once per process', async () => {
    process.env.DATABASE_URL = url;
    await disconnectDb();
    const first = ensureDatabase();
    expect(ensureDatabase()).toBe(first);
    await first;
    const file = getSqlitePath(url);
    expect(existsSync(file)).toBe(true);
    const sqlite = new Database(file, { readonly: true });
    expect(sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    sqlite.close();
    expect(await getDb().comment.count()).toBe(0);
  });

  it('makes a writer wait for another process that holds the lock, instead of failing', async () => {
    process.env.DATABASE_URL = url;
    await ensureDatabase();
    const holder = spawn(process.execPath, [
      '-e',
      `const db = new (require('better-sqlite3'))(process.argv[1]);
       db.exec('BEGIN IMMEDIATE'); db.prepare("INSERT INTO Block (kind, value) VALUES ('ip', 'first')").run();
       console.log('locked'); setTimeout(() => { db.exec('COMMIT'); db.close(); }, 700);`,
      getSqlitePath(url),
    ]);
    await new Promise<void>((resolve) => holder.stdout.on('data', () => resolve()));
    const started = Date.now();
    await getDb().block.create({ data: { kind: 'ip', value: 'second' } });
    expect(Date.now() - started).toBeGreaterThan(300);
    expect((await getDb().block.findMany({ orderBy: { id: 'asc' } })).map((b) => b.value)).toEqual(['first', 'second']);
  });

  it('resolves a relative path against the working directory', () => {
    expect(getSqlitePath('file:./var/masthead.db', '/srv/app')).toBe('/srv/app/var/masthead.db');
    expect(getSqlitePath('file:/data/masthead.db?connection_limit=1', '/srv/app')).toBe('/data/masthead.db');
  });
});
