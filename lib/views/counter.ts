import 'server-only';
import { createHash } from 'node:crypto';
import { logEvent } from '../log';
import { daysBefore, viewDay } from './classify';
import { findOrCreateSalt, forgetVisitorsBefore, insertViews, rollUpBefore, type PendingView } from './repository';

/**
 * The write side of view counting, one per process. A view is hashed and queued in memory; the
 * queue is written by group commit (at once when idle; whatever arrives during a write goes in the
 * next transaction), so the page request never waits on the database and a busy minute costs a few
 * transactions a second instead of one per reader. The database decides what is new.
 */
export type ViewInput = { slug: string; ip: string; userAgent: string; referrer: string | null; at: Date };

const MAX_QUEUE = 50_000; // beyond this (a database outage under load) views are dropped, never memory
const MAX_BATCH = 500;
const SEEN_LIMIT = 200_000;

export function visitorHash(salt: string, ip: string, userAgent: string, slug: string): string {
  return createHash('sha256').update(`${salt}\n${ip}\n${userAgent}\n${slug}`).digest('base64url');
}

export function createViewCounter(retentionDays: number) {
  let queue: Array<{ day: string; ip: string; userAgent: string; slug: string; referrer: string | null; at: Date }> = [];
  let running: Promise<void> | null = null;
  const salts = new Map<string, Promise<string>>();
  // Readers this process already wrote today: their repeats skip the database entirely.
  let seenDay = '';
  let seen = new Set<string>();
  let housekeptDay = '';
  const waiters: Array<() => void> = [];

  const saltFor = (day: string) => {
    let salt = salts.get(day);
    if (!salt) {
      salt = findOrCreateSalt(day);
      salt.catch(() => salts.delete(day));
      salts.set(day, salt);
    }
    return salt;
  };

  async function housekeep(today: string) {
    if (housekeptDay === today) return;
    housekeptDay = today;
    for (const day of salts.keys()) if (day < today) salts.delete(day);
    await forgetVisitorsBefore(today);
    await rollUpBefore(daysBefore(today, retentionDays));
  }

  async function writeBatch(batch: typeof queue) {
    const views: PendingView[] = [];
    for (const v of batch) {
      const hash = visitorHash(await saltFor(v.day), v.ip, v.userAgent, v.slug);
      if (v.day !== seenDay) (seenDay = v.day), (seen = new Set());
      if (seen.has(hash)) continue;
      views.push({ day: v.day, hash, slug: v.slug, referrer: v.referrer, at: v.at });
    }
    await insertViews(views);
    for (const v of views) if (seen.size < SEEN_LIMIT) seen.add(v.hash);
  }

  async function drain() {
    while (queue.length > 0) {
      const batch = queue.slice(0, MAX_BATCH);
      queue = queue.slice(batch.length);
      try {
        // The batch's own clock (the request time) decides the day, so tests can move time.
        await housekeep(batch.reduce((day, v) => (v.day > day ? v.day : day), ''));
        await writeBatch(batch);
      } catch (error) {
        // Counting never breaks reading: the batch is lost and logged, the next one tries again.
        housekeptDay = '';
        logEvent('error', 'views.write-failed', { error, views: batch.length });
      }
    }
    running = null;
    for (const wake of waiters.splice(0)) wake();
  }

  return {
    /** Queues one view; returns at once. */
    add(view: ViewInput): void {
      if (queue.length >= MAX_QUEUE) return;
      queue.push({ ...view, day: viewDay(view.at) });
      running ??= drain();
    },
    /** Resolves once everything queued so far is written (tests, benchmarks, shutdown). */
    flush(): Promise<void> {
      if (!running) return Promise.resolve();
      return new Promise((resolve) => waiters.push(resolve));
    },
  };
}
