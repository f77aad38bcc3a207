import 'server-only';
import { getEnv } from '../env';
import { getAppSecret } from '../security/secret';
import { signToken, verifyToken } from '../security/tokens';

/** A confirmation link is good for a week; after that the reader subscribes again. */
export const CONFIRM_TTL_SECONDS = 7 * 24 * 3600;
// Unsubscribe links must keep working in old emails for years.
const UNSUBSCRIBE_TTL_SECONDS = 10 * 365 * 24 * 3600;

export function confirmUrl(email: string, now = new Date()): string {
  const token = signToken({ purpose: 'newsletter-confirm', email }, getAppSecret(), CONFIRM_TTL_SECONDS, now);
  return `${getEnv().SITE_URL}/subscribe/confirm?token=${encodeURIComponent(token)}`;
}

export function readConfirmToken(token: string | null, now = new Date()): { email: string } | 'expired' | null {
  if (!token) return null;
  const result = verifyToken<{ email: string }>(token, getAppSecret(), { now, purpose: 'newsletter-confirm' });
  if (!result.ok) return result.error === 'expired' ? 'expired' : null;
  return typeof result.value.email === 'string' ? { email: result.value.email } : null;
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

/** Remembers, for an hour, which address "send the email again" is for, so no address goes in a URL. */
export function pendingToken(email: string): string {
  return signToken({ purpose: 'pending', email }, getAppSecret(), 3600);
}

export function readPendingToken(token: string | undefined): string | null {
  const result = token ? verifyToken<{ email: string }>(token, getAppSecret(), { purpose: 'pending' }) : null;
  return result?.ok && typeof result.value.email === 'string' ? result.value.email : null;
}
