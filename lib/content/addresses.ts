import 'server-only';
import { RESERVED_SLUGS } from './schema';
import { getIssue, getTags } from './service';

const ONE_SEGMENT = /^\/([a-z0-9-]+)$/;
const TAG = /^\/tags\/([^/]+)$/;
const CARD = /^\/og\/([^/]+)$/;

/**
 * Whether an address names something the live version has, asked by scripts/server.mjs before Next
 * sees the request. Issue, tag and card pages are rendered on demand and then stored, so an address
 * of no issue (a typo, a scanner, an issue removed or not yet live) must not reach them: each would
 * be stored as a page of its own. It gets the site's 404 page instead.
 */
export function isKnownAddress(pathname: string): boolean {
  const issue = ONE_SEGMENT.exec(pathname);
  if (issue) return RESERVED_SLUGS.has(issue[1]!) || getIssue(issue[1]!) !== null;
  const tag = TAG.exec(pathname);
  if (tag) return getTags().some((t) => t.tag === tag[1]);
  const card = CARD.exec(pathname);
  if (card) return getIssue(card[1]!) !== null;
  return true;
}
