import 'server-only';
import { createHash } from 'node:crypto';
import { logEvent } from '../log';
import { addressKey } from './address';
import { daysBefore, viewDay } from './classify';
import { findOrCreateSalt, forgetVisitorsBefore, insertViews, rollUpBefore, type PendingView } from './repository';

/**
 * The write side of view counting, one per process. A view is queued in memory and the queue is
 * written every `lingerMs` (or at once when MAX_BATCH are waiting) in one transaction, so the page
 * request never waits on the database, and a busy site pays a few transactions a second instead of
 * one per reader (one per reader cost a third of the page's throughput; see bench/views.ts). The
 * database decides what is new and what is over an address's cap. All hashing happens here, off
 * the request. The price: a crash loses at most the last `lingerMs` of views.
 */
export type ViewInput = { slug: string; ip: string; userAgent: string; referrer: string | null; at: Date };

const MAX_QUEUE = 50_000; // beyond this (a database outage under load) views are dropped, never memory
const MAX_BATCH = 500;
const SEEN_LIMIT = 200_000;
// Repeats of a view already queued or written (same day, address, user agent and issue) are dropped
// as they arrive, before any hashing: a reader who reloads, or a load test, then costs one Set
// lookup per request (wrk on a cached issue page, one reader reloading: 11.7k → 15.9k req/s,
// against 21k with counting off).
const RECENT_LIMIT = 50_000;

/** A hash of the day's salt and `parts`; `kind` keeps the three kinds of hash apart. Headers cannot hold a newline. */
export function dayHash(salt: string, kind: 'reader' | 'address' | 'referrer', ...parts: string[]): string {
  return createHash('sha256').update([salt, kind, ...parts].join('\n')).digest('base64url');
}

export type ViewCounterOptions = {
  retentionDays: number;
  /** Readers one address (IPv6: its /64) can add to one issue's count in one day (VIEWS_PER_ADDRESS). */
  perAddress: number;
  lingerMs?: number;
};

export function createViewCounter({ retentionDays, perAddress, lingerMs = 200 }: ViewCounterOptions) {
  let queue: Array<{ key: string; day: string; ip: string; userAgent: string; slug: string; referrer: string | null; at: Date }> = [];
  const queued = new Set<string>();
  let recent = new Set<string>();
  let running: Promise<void> | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const salts = new Map<string, Promise<string>>();
  // Readers this process already wrote today: their repeats skip the database entirely.
  let seenDay = '';
  let seen = new Set<string>();
  let housekeptDay = '';

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
      const salt = await saltFor(v.day);
      const address = addressKey(v.ip);
      const reader = dayHash(salt, 'reader', address, v.userAgent, v.slug);
      if (v.day !== seenDay) (seenDay = v.day), (seen = new Set());
      if (seen.has(reader)) continue;
      const referrerReader = v.referrer ? dayHash(salt, 'referrer', address, v.referrer) : null;
      views.push({ day: v.day, reader, address: dayHash(salt, 'address', address, v.slug), referrerReader, slug: v.slug, referrer: v.referrer, at: v.at });
    }
    await insertViews(views, perAddress);
    for (const v of views) if (seen.size < SEEN_LIMIT) seen.add(v.reader);
  }

  function start() {
    if (timer) clearTimeout(timer);
    timer = null;
    running ??= drain();
  }

  function schedule() {
    if (running || timer) return;
    if (queue.length >= MAX_BATCH) return start();
    timer = setTimeout(start, lingerMs);
    timer.unref?.();
  }

  /** Writes what is queued now, a MAX_BATCH at a time; views that arrive meanwhile wait for the next round. */
  async function drain() {
    let taken = queue;
    queue = [];
    while (taken.length > 0) {
      const batch = taken.slice(0, MAX_BATCH);
      taken = taken.slice(batch.length);
      try {
        // The batch's own clock (the request time) decides the day, so tests can move time.
        await housekeep(batch.reduce((day, v) => (v.day > day ? v.day : day), ''));
        await writeBatch(batch);
        if (recent.size + batch.length > RECENT_LIMIT) recent = new Set();
        for (const v of batch) recent.add(v.key);
      } catch (error) {
        // Counting never breaks reading: the batch is lost and logged, the next one tries again.
        housekeptDay = '';
        logEvent('error', 'views.write-failed', { error, views: batch.length });
      } finally {
        for (const v of batch) queued.delete(v.key);
      }
    }
    running = null;
    if (queue.length > 0) schedule();
  }

  return {
    /** Queues one view; returns at once. */
    add(view: ViewInput): void {
      if (queue.length >= MAX_QUEUE) return;
      const day = viewDay(view.at);
      const key = `${day}\n${view.ip}\n${view.slug}\n${view.userAgent}`;
      if (queued.has(key) || recent.has(key)) return;
      queued.add(key);
      queue.push({ ...view, key, day });
      schedule();
    },
    /** Writes everything queued, without waiting for the timer (tests, benchmarks, shutdown). */
    async flush(): Promise<void> {
      while (queue.length > 0 || running) {
        if (!running) start();
        await running;
      }
    },
  };
}
