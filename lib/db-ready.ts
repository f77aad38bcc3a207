import 'server-only';
import { ensureDatabase, getDb, type Db } from './db/client';

/** The database client, after pending migrations have run (once per process). */
export async function readyDb(): Promise<Db> {
  await ensureDatabase();
  return getDb();
}
