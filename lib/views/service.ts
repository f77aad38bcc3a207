import 'server-only';
import { AUTHOR_COOKIE, isAuthorSession } from '../auth/service';
import { getIssue, getIssues } from '../content/service';
import { getEnv } from '../env';
import { logEvent } from '../log';
import { clientIp, parseCookies } from '../request';
import { referrerDomain, skipReason, slugFromPath, viewDay, daysBefore } from './classify';
import { createViewCounter } from './counter';
import { findDailyViews, findReferrers, findTotals, rollUpBefore } from './repository';
import { buildReadingStats, type ReadingStats } from './stats';

// One counter per process, shared by the server (through instrumentation.ts) and the app's routes (Next bundles them apart).
const COUNTER = Symbol.for('masthead.views.counter');
type Counter = ReturnType<typeof createViewCounter>;
const shared = globalThis as typeof globalThis & { [COUNTER]?: Counter };

function getCounter(): Counter {
  const env = getEnv();
  shared[COUNTER] ??= createViewCounter({ retentionDays: env.VIEWS_RETENTION_DAYS, perAddress: env.VIEWS_PER_ADDRESS });
  return shared[COUNTER];
}

const PREFETCH_HEADERS = ['sec-purpose', 'purpose', 'x-purpose', 'x-moz', 'next-router-prefetch'];
/**
 * Distinct addresses a referring domain must bring on one day before /admin/stats lists it: one
 * address can never list a domain alone, and a trickle of one or two a day is not listed (its views
 * still count). Per day, because readers can only be told apart within a day.
 */
export const REFERRER_MIN_READERS = 3;

/**
 * Counts a request for an issue page if it is a reader's view (see classify.ts). scripts/server.mjs
 * calls it before Next serves the prerendered page; it only queues work and never throws, so the
 * page is neither slower nor dynamic, and a counting failure never reaches the reader.
 */
/** What counting needs of a request: a web `Request`, or the adapter scripts/server.mjs makes of Node's. */
export type ViewRequestLike = { method: string; headers: { get(name: string): string | null; has(name: string): boolean } };

export function countView(request: ViewRequestLike, pathname: string, now = new Date()): void {
  try {
    const env = getEnv();
    if (env.VIEWS === 'off') return;
    const slug = slugFromPath(pathname);
    if (!slug || !getIssue(slug)) return;
    const headers = request.headers;
    const purpose = PREFETCH_HEADERS.map((h) => (h === 'next-router-prefetch' && headers.has(h) ? 'prefetch' : headers.get(h))).find(Boolean) ?? null;
    const reason = skipReason({
      method: request.method,
      userAgent: headers.get('user-agent'),
      purpose,
      isAuthor: isAuthorSession(parseCookies(headers.get('cookie'))[AUTHOR_COOKIE], now),
      countHeadless: env.VIEWS_COUNT_HEADLESS === '1',
    });
    if (reason) return;
    getCounter().add({
      slug,
      ip: clientIp(headers),
      userAgent: headers.get('user-agent')!,
      referrer: referrerDomain(headers.get('referer'), new URL(env.SITE_URL).hostname),
      at: now,
    });
  } catch (error) {
    logEvent('error', 'views.count-failed', { error });
  }
}

/** For tests: start again with a new counter (its salt and seen-reader caches belong to one database). */
export function resetViewsForTest(): void {
  delete shared[COUNTER];
}

/** Resolves once the views queued in this process are stored. */
export function flushViews(): Promise<void> {
  return shared[COUNTER]?.flush() ?? Promise.resolve();
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
