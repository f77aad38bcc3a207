import 'server-only';
import { AUTHOR_COOKIE, isLiveAuthorSession } from '../auth/service';
import { isDatabaseUnavailable } from '../db/errors';
import { getEnv } from '../env';
import { parseCookies } from '../request';
import { getAppSecret } from '../security/secret';
import { signToken, verifyToken } from '../security/tokens';

/**
 * Preview links: a draft or scheduled issue shared with a reviewer before readers see it. The
 * link is the issue's own address with `?preview=<token>`, a token signed for that one slug that
 * expires after PREVIEW_LINK_DAYS (7 by default). Once the issue is live the same link simply
 * shows the published page.
 */
export const PREVIEW_PURPOSE = 'issue-preview';
export const PREVIEW_PARAM = 'preview';

/** A token that lets its holder see the issue `slug` until `ttlSeconds` from `now`. */
export function signPreviewToken(slug: string, secret: string, ttlSeconds: number, now = new Date()): string {
  return signToken({ purpose: PREVIEW_PURPOSE, slug }, secret, ttlSeconds, now);
}

/** Whether `token` is a good, unexpired preview token for exactly this slug. */
export function previewTokenAllows(token: unknown, slug: string, secret: string, now = new Date()): boolean {
  if (typeof token !== 'string' || token === '') return false;
  const result = verifyToken<{ slug?: unknown }>(token, secret, { now, purpose: PREVIEW_PURPOSE });
  return result.ok && result.value.slug === slug;
}

/** The link the author shares: the address with a fresh token, and when it stops working. */
export function createPreviewLink(slug: string, now = new Date()): { url: string; expiresAt: Date } {
  const env = getEnv();
  const ttl = env.PREVIEW_LINK_DAYS * 24 * 3600;
  const token = signPreviewToken(slug, getAppSecret(), ttl, now);
  return { url: `${env.SITE_URL}/${slug}?${PREVIEW_PARAM}=${token}`, expiresAt: new Date(now.getTime() + ttl * 1000) };
}

/**
 * Whether a request for the issue `slug` may see its preview: a good preview token for it in the
 * query (checked first: no database), or the author's live session. While the database cannot be
 * reached nobody is the author: an error here would tell a draft's address from an unknown one.
 */
export async function mayPreview(request: { url: string; cookie: string | null }, slug: string, now = new Date()): Promise<boolean> {
  const url = new URL(request.url, 'http://localhost');
  if (previewTokenAllows(url.searchParams.get(PREVIEW_PARAM), slug, getAppSecret(), now)) return true;
  try {
    return await isLiveAuthorSession(parseCookies(request.cookie)[AUTHOR_COOKIE], now);
  } catch (error) {
    if (isDatabaseUnavailable(error)) return false;
    throw error;
  }
}

/** For scripts/server.mjs: whether this request for an unpublished issue's address (`/<slug>?…`) may see its preview. */
export function mayPreviewAddress(url: string, cookie: string | null): Promise<boolean> {
  const slug = /^\/([a-z0-9-]+)(?:\?|$)/.exec(url)?.[1];
  return slug ? mayPreview({ url, cookie }, slug) : Promise.resolve(false);
}
