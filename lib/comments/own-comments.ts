import 'server-only';
import { getAppSecret } from '../security/secret';
import { signToken, verifyToken } from '../security/tokens';

/** The cookie that remembers which comments this browser wrote (signed; nothing personal in it). */
export const OWN_COMMENTS_COOKIE = 'masthead_comments';
const MAX_IDS = 30;
const TTL_SECONDS = 30 * 24 * 3600;

export function readOwnIds(cookie: string | undefined, now = new Date()): Set<string> {
  if (!cookie) return new Set();
  const result = verifyToken<{ ids: string[] }>(cookie, getAppSecret(), { now, purpose: 'own-comments' });
  return result.ok && Array.isArray(result.value.ids) ? new Set(result.value.ids.filter((i) => typeof i === 'string')) : new Set();
}

/** The cookie value after adding `id` (the newest ids are kept). */
export function addOwnId(cookie: string | undefined, id: string, now = new Date()): string {
  const ids = [...readOwnIds(cookie, now), id].slice(-MAX_IDS);
  return signToken({ purpose: 'own-comments', ids }, getAppSecret(), TTL_SECONDS, now);
}

export const OWN_COMMENTS_MAX_AGE = TTL_SECONDS;
