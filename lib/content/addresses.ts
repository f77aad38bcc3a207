import 'server-only';
import { RESERVED_SLUGS } from './schema';
import { getIssue, getTags, getUnpublishedIssue } from './service';

const ONE_SEGMENT = /^\/([a-z0-9-]+)$/;
const TAG = /^\/tags\/([^/]+)$/;
const CARD = /^\/og\/([^/]+)$/;
const COMMENT_FEED = /^\/([a-z0-9-]+)\/comments\.xml$/;
const PREVIEW_ROUTE = /^\/preview(?:\/|$)/;

/**
 * What an address names in the live version, asked by scripts/server.mjs before Next sees the
 * request:
 * - `known`: something readers may see (or an address that is not an issue's, tag's or card's);
 * - `unpublished`: a draft or a scheduled issue not yet live. Its page is never stored: the server
 *   sends the request to the preview route (/preview/<slug>), which shows it only to the author or
 *   to the holder of a preview link, and answers everyone else with the 404 page;
 *   The preview route is never asked for directly: only scripts/server.mjs sends requests there;
 * - `unknown`: no such issue, tag or card (or the preview route itself). Issue, tag and card pages are rendered on demand and
 *   then stored, so such an address (a typo, a scanner, an issue removed) must not reach them: each
 *   would be stored as a page of its own. It gets the site's 404 page instead.
 */
export type AddressKind = 'known' | 'unpublished' | 'unknown';

export function addressKind(pathname: string, now = new Date()): AddressKind {
  if (PREVIEW_ROUTE.test(pathname)) return 'unknown';
  const issue = ONE_SEGMENT.exec(pathname);
  if (issue) {
    const slug = issue[1]!;
    if (RESERVED_SLUGS.has(slug) || getIssue(slug) !== null) return 'known';
    return getUnpublishedIssue(slug, now) ? 'unpublished' : 'unknown';
  }
  // An issue's comment feed exists only while readers can see the issue (never a draft's or a scheduled one's).
  const feed = COMMENT_FEED.exec(pathname);
  if (feed) return getIssue(feed[1]!) !== null && !RESERVED_SLUGS.has(feed[1]!) ? 'known' : 'unknown';
  const tag = TAG.exec(pathname);
  if (tag) return getTags().some((t) => t.tag === tag[1]) ? 'known' : 'unknown';
  const card = CARD.exec(pathname);
  if (card) return getIssue(card[1]!) !== null ? 'known' : 'unknown';
  return 'known';
}
