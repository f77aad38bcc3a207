/**
 * Which page requests are views: the pure rules, with no I/O. A view is a reader's GET of an issue
 * page; crawlers, link previews, monitors, headless browsers, prefetches and the author are not.
 *
 * Every pattern here sees a header a stranger wrote (up to the server's 16 KB header limit), so each
 * is a plain alternation of literals or anchored, and runs in time linear in its input
 * (tests/security/views-patterns.test.ts times each one at the limit).
 */
import { createIsbotFromList, isbot, list as isbotList } from 'isbot';

/** Automation and headless browsers: never readers, except in our own browser tests (VIEWS_COUNT_HEADLESS=1). */
const HEADLESS_PATTERN = /headless|phantomjs|electron|puppeteer|playwright|selenium|webdriver|cypress/i;
/**
 * Our rules on top of isbot (which knows crawlers, unfurlers and most tools by the shape of their
 * user agent): tools that append their name to a real browser's user agent (GTmetrix, Lighthouse,
 * Uptime Kuma), HTTP libraries and load generators, and feed readers, wherever the name stands.
 * Messenger names are left to isbot: their unfurlers are bots, but their in-app browsers
 * (Telegram-Android …) are readers.
 */
const EXTRA_BOT_PATTERN =
  /lighthouse|gtmetrix|pagespeed|uptime|monitor|pingdom|validator|curl\/|wget\/|httpie|python|libwww|go-http-client|java\/|okhttp|undici|axios|node-fetch|autocannon|apachebench|wrk\/|k6\/|postman|insomnia|feed|rss|facebookexternalhit|embedly|vkshare/i;
const PREFETCH_PATTERN = /prefetch|preview|prerender/i;
/** isbot without its headless-browser entries, for VIEWS_COUNT_HEADLESS=1: crawlers driving a headless browser stay bots. */
const isbotIgnoringHeadless = createIsbotFromList(isbotList.filter((entry) => !HEADLESS_PATTERN.test(entry)));

export type ViewRequest = {
  method: string;
  userAgent: string | null;
  /** The prefetch markers browsers and frameworks send: Sec-Purpose, Purpose, X-Moz, X-Purpose, Next-Router-Prefetch. */
  purpose: string | null;
  isAuthor: boolean;
  countHeadless: boolean;
};

export type ViewSkip = 'method' | 'no-user-agent' | 'bot' | 'prefetch' | 'author';

/** Null when this request is a reader's view; otherwise why it is not counted. */
export function skipReason(request: ViewRequest): ViewSkip | null {
  if (request.method !== 'GET') return 'method';
  const ua = (request.userAgent ?? '').trim();
  if (ua.length < 8) return 'no-user-agent';
  if (isBot(ua, request.countHeadless)) return 'bot';
  // A speculative prerender the reader then opens is a loss we accept: it is indistinguishable here.
  if (request.purpose && PREFETCH_PATTERN.test(request.purpose)) return 'prefetch';
  if (request.isAuthor) return 'author';
  return null;
}

// isbot's pattern costs ~13 µs a user agent (ours alone cost ~2), on every page view; browsers
// send few distinct user agents, so the verdicts on short ones are remembered (bounded).
const verdicts = [new Map<string, boolean>(), new Map<string, boolean>()];
const MAX_VERDICTS = 2000;
const MAX_REMEMBERED_LENGTH = 512;

/** Whether a user agent is a crawler, tool, monitor or (unless `countHeadless`) a headless browser. */
export function isBot(userAgent: string, countHeadless = false): boolean {
  const memo = verdicts[countHeadless ? 1 : 0]!;
  const known = memo.get(userAgent);
  if (known !== undefined) return known;
  const verdict = EXTRA_BOT_PATTERN.test(userAgent) || (countHeadless ? isbotIgnoringHeadless(userAgent) : HEADLESS_PATTERN.test(userAgent) || isbot(userAgent));
  if (userAgent.length <= MAX_REMEMBERED_LENGTH) {
    if (memo.size >= MAX_VERDICTS) memo.clear();
    memo.set(userAgent, verdict);
  }
  return verdict;
}

/** The referring site's domain (lower case, without "www."), or null for none, for this site, or for junk. */
export function referrerDomain(referer: string | null, siteHost: string): string | null {
  if (!referer) return null;
  let host: string;
  try {
    const url = new URL(referer);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    host = url.hostname.toLowerCase();
  } catch {
    return null;
  }
  host = withoutWww(host.endsWith('.') ? host.slice(0, -1) : host);
  if (!host || host.length > 253) return null;
  if (host === withoutWww(siteHost.toLowerCase())) return null;
  return host;
}

function withoutWww(host: string): string {
  return host.startsWith('www.') ? host.slice(4) : host;
}

/**
 * The issue slug a one-segment path names (`/writing-is-the-job/` → `writing-is-the-job`), or null.
 * The slashes are trimmed by a loop: `/\/+$/` backtracks quadratically on a long run of slashes.
 */
export function slugFromPath(pathname: string): string | null {
  let start = 0;
  let end = pathname.length;
  while (start < end && pathname[start] === '/') start++;
  while (end > start && pathname[end - 1] === '/') end--;
  let slug: string;
  try {
    slug = decodeURIComponent(pathname.slice(start, end));
  } catch {
    return null; // a malformed escape is no issue's address
  }
  return slug && !slug.includes('/') ? slug : null;
}

/** The UTC day a view belongs to, as YYYY-MM-DD: the unit of deduplication and of the daily salt. */
export function viewDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** The day `days` before `day` (both YYYY-MM-DD). */
export function daysBefore(day: string, days: number): string {
  return viewDay(new Date(Date.parse(`${day}T00:00:00Z`) - days * 86_400_000));
}
