// The databases a benchmark runs on: a fresh SQLite file and a fresh PostgreSQL database, each
// removed afterwards. `count(sql)` reads one number back (e.g. how many rows were stored).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';

const POSTGRES = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export type BenchDatabase = { kind: 'sqlite' | 'postgres'; url: string; count: (sql: string) => Promise<number> };

export async function onBenchDatabases<T>(only: string | undefined, run: (db: BenchDatabase) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  if (only !== 'postgres') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'masthead-bench-'));
    const file = path.join(dir, 'bench.db');
    try {
      results.push(await run({
        kind: 'sqlite',
        url: `file:${file}`,
        count: async (sql) => {
          const db = new Database(file, { readonly: true });
          try {
            return Number(Object.values(db.prepare(sql).get() as Record<string, unknown>)[0]);
          } finally {
            db.close();
          }
        },
      }));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  if (only !== 'sqlite') {
    const name = `masthead_bench_${Date.now()}`;
    const admin = new pg.Client({ connectionString: POSTGRES });
    await admin.connect();
    await admin.query(`create database ${name}`);
    const url = new URL(POSTGRES);
    url.pathname = `/${name}`;
    try {
      results.push(await run({
        kind: 'postgres',
        url: url.toString(),
        count: async (sql) => {
          const c = new pg.Client({ connectionString: url.toString() });
          await c.connect();
          try {
            return Number(Object.values((await c.query(sql)).rows[0] as Record<string, unknown>)[0]);
          } finally {
            await c.end();
          }
        },
      }));
    } finally {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  }
  return results;
}
