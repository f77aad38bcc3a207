import 'server-only';
import { readyDb } from '../db-ready';
import { isUniqueViolation } from '../db/errors';

/**
 * Counts one attempt in the current fixed window and returns the new count.
 * The increment happens in the database, so the limit holds across app instances.
 */
export async function countAttempt(bucket: string, key: string, windowStart: Date): Promise<number> {
  const db = await readyDb();
  for (let attempt = 0; ; attempt++) {
    try {
      const row = await db.rateLimitCounter.upsert({
        where: { bucket_key_windowStart: { bucket, key, windowStart } },
        create: { bucket, key, windowStart, count: 1 },
        update: { count: { increment: 1 } },
      });
      return row.count;
    } catch (e) {
      // Two first attempts in the same window race to create the row: the loser retries as an update.
      if (isUniqueViolation(e) && attempt < 3) continue;
      throw e;
    }
  }
}

/** Drops counters of windows that ended before `before`. */
export async function pruneCounters(before: Date): Promise<void> {
  await (await readyDb()).rateLimitCounter.deleteMany({ where: { windowStart: { lt: before } } });
}
