import 'server-only';
import { readyDb } from '../db-ready';

/** The cheapest query the database must answer: the health check's only SQL. */
export async function pingDatabase(): Promise<void> {
  await (await readyDb()).$queryRaw`SELECT 1`;
}
