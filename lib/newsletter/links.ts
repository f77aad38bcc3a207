import 'server-only';
import { getEnv } from '../env';
import { getAppSecret } from '../security/secret';
import { signToken, verifyToken } from '../security/tokens';

/** A confirmation link is good for a week; after that the reader subscribes again. */
export const CONFIRM_TTL_SECONDS = 7 * 24 * 3600;
// Unsubscribe links must keep working in old emails for years.
const UNSUBSCRIBE_TTL_SECONDS = 10 * 365 * 24 * 3600;

/** The confirmation link: names the subscriber by id (an address in a URL ends up in logs) and when it was sent. */
export function confirmUrl(subscriberId: number, now = new Date()): string {
  const token = signToken({ purpose: 'newsletter-confirm', sid: subscriberId, t: now.getTime() }, getAppSecret(), CONFIRM_TTL_SECONDS, now);
  return `${getEnv().SITE_URL}/subscribe/confirm?token=${encodeURIComponent(token)}`;
}

export type ConfirmToken = ({ sid: number } | { email: string }) & { issuedAt: Date };

/**
 * Reads a confirmation token. Links sent before ids (with the address itself) keep working for
 * the rest of their week: refusing them would cost readers more than accepting them costs us.
 */
export function readConfirmToken(token: string | null, now = new Date()): ConfirmToken | 'expired' | null {
  if (!token) return null;
  const result = verifyToken<{ sid?: unknown; email?: unknown; t?: unknown }>(token, getAppSecret(), { now, purpose: 'newsletter-confirm' });
  if (!result.ok) return result.error === 'expired' ? 'expired' : null;
  const { sid, email, t, exp } = result.value;
  const issuedAt = new Date(Number.isInteger(t) ? (t as number) : (exp - CONFIRM_TTL_SECONDS) * 1000);
  if (Number.isInteger(sid)) return { sid: sid as number, issuedAt };
  return typeof email === 'string' ? { email, issuedAt } : null;
}

/** The personal unsubscribe token for a subscriber (by id: an email in a URL would leak it to logs). */
export function unsubscribeToken(subscriberId: number): string {
  return signToken({ purpose: 'unsubscribe', sid: subscriberId }, getAppSecret(), UNSUBSCRIBE_TTL_SECONDS);
}

export function unsubscribeUrl(subscriberId: number): string {
  return `${getEnv().SITE_URL}/unsubscribe?token=${encodeURIComponent(unsubscribeToken(subscriberId))}`;
}

export function readUnsubscribeToken(token: string | null): number | null {
  if (!token) return null;
  const result = verifyToken<{ sid: number }>(token, getAppSecret(), { purpose: 'unsubscribe' });
  return result.ok && Number.isInteger(result.value.sid) ? result.value.sid : null;
}

/** Remembers, for an hour, which subscribe request "send the email again" is for (by id, not address). */
export function pendingToken(requestId: number): string {
  return signToken({ purpose: 'pending', q: requestId }, getAppSecret(), 3600);
}

export function readPendingToken(token: string | undefined): number | null {
  const result = token ? verifyToken<{ q?: unknown }>(token, getAppSecret(), { purpose: 'pending' }) : null;
  return result?.ok && Number.isInteger(result.value.q) ? (result.value.q as number) : null;
}

// A cancel link outlives its hold, so that a late click is told the send went rather than "broken link".
const CANCEL_TTL_SECONDS = 7 * 24 * 3600;

/** The link in the author's preview to a page with one button that cancels this held send. */
export function cancelSendUrl(slug: string, nonce: string, now = new Date()): string {
  const token = signToken({ purpose: 'newsletter-cancel', slug, n: nonce }, getAppSecret(), CANCEL_TTL_SECONDS, now);
  return `${getEnv().SITE_URL}/admin/newsletter/cancel?token=${encodeURIComponent(token)}`;
}

/** The held send a cancel link names (its issue and the hold's nonce), or why it names none. */
export function readCancelToken(token: string | null, now = new Date()): { slug: string; nonce: string } | 'expired' | null {
  if (!token) return null;
  const result = verifyToken<{ slug?: unknown; n?: unknown }>(token, getAppSecret(), { now, purpose: 'newsletter-cancel' });
  if (!result.ok) return result.error === 'expired' ? 'expired' : null;
  const { slug, n } = result.value;
  return typeof slug === 'string' && typeof n === 'string' ? { slug, nonce: n } : null;
}
