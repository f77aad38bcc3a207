import 'server-only';
import { AUTHOR_COOKIE } from '../auth/service';
import { clientIp, parseCookies } from '../request';
import { countVisit, type Visit } from './service';

// The HTTP side of view counting: what a request says about its reader, read from its headers
// and cookies, so that the service decides on plain values.

/** What counting needs of a request: a web `Request`, or the adapter scripts/server.mjs makes of Node's. */
export type ViewRequestLike = { method: string; headers: { get(name: string): string | null; has(name: string): boolean } };

const PREFETCH_HEADERS = ['sec-purpose', 'purpose', 'x-purpose', 'x-moz', 'next-router-prefetch'];

/** The reader-facing facts of a request for `pathname`. */
export function visitOf(request: ViewRequestLike, pathname: string): Visit {
  const headers = request.headers;
  return {
    method: request.method,
    pathname,
    userAgent: headers.get('user-agent'),
    purpose: PREFETCH_HEADERS.map((h) => (h === 'next-router-prefetch' && headers.has(h) ? 'prefetch' : headers.get(h))).find(Boolean) ?? null,
    authorSession: parseCookies(headers.get('cookie'))[AUTHOR_COOKIE],
    ip: clientIp(headers),
    referer: headers.get('referer'),
  };
}

/**
 * Counts a request for an issue page if it is a reader's view (see classify.ts). scripts/server.mjs
 * calls it before Next serves the prerendered page; it only queues work and never throws, so the
 * page is neither slower nor dynamic, and a counting failure never reaches the reader.
 */
export function countView(request: ViewRequestLike, pathname: string, now = new Date()): void {
  let visit: Visit;
  try {
    visit = visitOf(request, pathname);
  } catch {
    return; // headers a counter cannot read are not a reader's view
  }
  countVisit(visit, now);
}
