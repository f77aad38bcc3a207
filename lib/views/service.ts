import 'server-only';
import { processSingleton, processSlot } from '../process-slots.mjs';
import { isAuthorSession } from '../auth/service';
import { getIssue, getIssues } from '../content/service';
import { getEnv } from '../env';
import { logEvent } from '../log';
import { referrerDomain, skipReason, slugFromPath, viewDay, daysBefore } from './classify';
import { createViewCounter } from './counter';
import { findDailyViews, findReferrers, findTotals, rollUpBefore } from './repository';
import { buildReadingStats, type ReadingStats } from './stats';

// One counter per process, shared by the server (through instrumentation.ts) and the app's routes (Next bundles them apart).
type Counter = ReturnType<typeof createViewCounter>;
const counter = processSlot<Counter>('viewsCounter');

function getCounter(): Counter {
  const env = getEnv();
  return processSingleton('viewsCounter', () => createViewCounter({ retentionDays: env.VIEWS_RETENTION_DAYS, perAddress: env.VIEWS_PER_ADDRESS }));
}

/**
 * Distinct addresses a referring domain must bring on one day before /admin/stats lists it: one
 * address can never list a domain alone, and a trickle of one or two a day is not listed (its views
 * still count). Per day, because readers can only be told apart within a day.
 */
export const REFERRER_MIN_READERS = 3;

/** A request for a page, as counting sees it (lib/views/http.ts reads it from the request). */
export type Visit = {
  method: string;
  pathname: string;
  userAgent: string | null;
  /** A prefetch or prerender hint (`Sec-Purpose` and its older spellings), if any. */
  purpose: string | null;
  /** The author's session cookie, if the request carries one. */
  authorSession: string | undefined;
  ip: string;
  referer: string | null;
};

/** Queues a visit if it is a reader's view of an issue (see classify.ts); never throws, so counting never reaches the reader. */
export function countVisit(visit: Visit, now = new Date()): void {
  try {
    const env = getEnv();
    if (env.VIEWS === 'off') return;
    const slug = slugFromPath(visit.pathname);
    if (!slug || !getIssue(slug)) return;
    const reason = skipReason({
      method: visit.method,
      userAgent: visit.userAgent,
      purpose: visit.purpose,
      isAuthor: isAuthorSession(visit.authorSession, now),
      countHeadless: env.VIEWS_COUNT_HEADLESS === '1',
    });
    if (reason) return;
    getCounter().add({
      slug,
      ip: visit.ip,
      userAgent: visit.userAgent!,
      referrer: referrerDomain(visit.referer, new URL(env.SITE_URL).hostname),
      at: now,
    });
  } catch (error) {
    logEvent('error', 'views.count-failed', { error });
  }
}

// instrumentation.ts hands `countView` to scripts/server.mjs from this module's path; the HTTP
// reading is in ./http (issue 15: instrumentation.ts can import it from there, and this line goes).
export { countView, type ViewRequestLike } from './http';

/** For tests: start again with a new counter (its salt and seen-reader caches belong to one database). */
export function resetViewsForTest(): void {
  counter.set(undefined as unknown as Counter);
}

/** Resolves once the views queued in this process are stored. */
export function flushViews(): Promise<void> {
  return counter.get()?.flush() ?? Promise.resolve();
}

/** Each issue's view count as readers see it; an empty map when the database cannot answer (the page still renders). */
export async function getViewCounts(): Promise<Map<string, number>> {
  try {
    return await findTotals();
  } catch (error) {
    logEvent('error', 'views.read-failed', { error });
    return new Map();
  }
}

/** The most read issues of the last 30 days (only those with views), most first. */
export async function getPopularSlugs(limit: number, now = new Date()): Promise<Array<{ slug: string; views: number }>> {
  try {
    const since = daysBefore(viewDay(now), 29);
    const bySlug = new Map<string, number>();
    for (const row of await findDailyViews(since)) bySlug.set(row.slug, (bySlug.get(row.slug) ?? 0) + row.views);
    return [...bySlug]
      .filter(([slug, views]) => views > 0 && getIssue(slug))
      .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))
      .slice(0, limit)
      .map(([slug, views]) => ({ slug, views }));
  } catch (error) {
    logEvent('error', 'views.read-failed', { error });
    return [];
  }
}

/** Everything /admin/stats shows: per issue and site-wide, all time, last 30 days, daily for `days` days, and referrers. */
export async function getReadingStats(now = new Date(), days = 90): Promise<ReadingStats> {
  const today = viewDay(now);
  const [totals, daily, referrers] = await Promise.all([
    findTotals(),
    findDailyViews(daysBefore(today, days - 1)),
    findReferrers(daysBefore(today, 29), 20, REFERRER_MIN_READERS),
  ]);
  return buildReadingStats({ today, days, issues: getIssues().map((i) => ({ slug: i.slug, title: i.title })), totals, daily, referrers });
}

/** Rolls detailed views older than VIEWS_RETENTION_DAYS into daily totals (also done by the counter each day). */
export function rollUpOldViews(now = new Date()): Promise<number> {
  return rollUpBefore(daysBefore(viewDay(now), getEnv().VIEWS_RETENTION_DAYS));
}
