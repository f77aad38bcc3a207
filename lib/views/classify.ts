/**
 * Which page requests are views: the pure rules, with no I/O. A view is a reader's GET of an issue
 * page; crawlers, link previews, monitors, headless browsers, prefetches and the author are not.
 */

/** User agents that are never a person reading: crawlers, feed readers, link unfurlers, tools. */
const BOT_PATTERN =
  /bot\b|bot\/|crawl|spider|slurp|scrap|fetch|archiver|preview|monitor|uptime|pingdom|lighthouse|pagespeed|gtmetrix|facebookexternalhit|embedly|quora link|whatsapp|telegram|discord|slack|skype|vkshare|validator|feed|rss|python|curl\/|wget\/|httpie|libwww|go-http-client|java\/|okhttp|undici|axios|autocannon|apachebench|wrk\/|k6\/|postman|insomnia|headlesschrome|phantomjs|electron|puppeteer|playwright|selenium|webdriver|cypress/i;
const HEADLESS_PATTERN = /headlesschrome|phantomjs|puppeteer|playwright|electron/i;

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
  if (request.purpose && /prefetch|preview|prerender/i.test(request.purpose)) return 'prefetch';
  if (request.isAuthor) return 'author';
  return null;
}

export function isBot(userAgent: string, countHeadless = false): boolean {
  if (countHeadless && HEADLESS_PATTERN.test(userAgent) && !/bot\b|crawl|spider/i.test(userAgent)) return false;
  return BOT_PATTERN.test(userAgent);
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
  host = host.replace(/^www\./, '').replace(/\.$/, '');
  if (!host || host.length > 253) return null;
  if (host === siteHost.toLowerCase().replace(/^www\./, '')) return null;
  return host;
}

/** The UTC day a view belongs to, as YYYY-MM-DD: the unit of deduplication and of the daily salt. */
export function viewDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** The day `days` before `day` (both YYYY-MM-DD). */
export function daysBefore(day: string, days: number): string {
  return viewDay(new Date(Date.parse(`${day}T00:00:00Z`) - days * 86_400_000));
}
