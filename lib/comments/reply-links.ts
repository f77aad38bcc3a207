import 'server-only';
import { getEnv } from '../env';
import { getAppSecret } from '../security/secret';
import { signToken, verifyToken } from '../security/tokens';

// Stop links live in old emails for years; a confirmation link only until the next one is sent.
const STOP_TTL_SECONDS = 5 * 365 * 24 * 3600;
const CONFIRM_TTL_SECONDS = 7 * 24 * 3600;

/** The one-click stop link in every reply email: names the reply-address row, never the address. */
export function replyStopLink(replyAddressId: number): string {
  const token = signToken({ purpose: 'reply-optout', rid: replyAddressId }, getAppSecret(), STOP_TTL_SECONDS);
  return `${getEnv().SITE_URL}/comments/stop-replies?token=${encodeURIComponent(token)}`;
}

/**
 * Whom a stop link names: a row id, or (links mailed before ids) the address itself. Those old
 * links keep working because they are one-click unsubscribes sitting in mailboxes for five years.
 */
export function readReplyStopToken(token: string | null): { rid: number } | { email: string } | null {
  const result = token ? verifyToken<{ rid?: unknown; email?: unknown }>(token, getAppSecret(), { purpose: 'reply-optout' }) : null;
  if (!result?.ok) return null;
  if (Number.isInteger(result.value.rid)) return { rid: result.value.rid as number };
  return typeof result.value.email === 'string' ? { email: result.value.email } : null;
}

/** The link in the confirmation email; only the latest one sent (`sentAt`) confirms. */
export function replyConfirmLink(replyAddressId: number, sentAt: Date): string {
  const token = signToken({ purpose: 'reply-confirm', rid: replyAddressId, s: sentAt.getTime() }, getAppSecret(), CONFIRM_TTL_SECONDS, sentAt);
  return `${getEnv().SITE_URL}/comments/confirm-replies?token=${encodeURIComponent(token)}`;
}

export function readReplyConfirmToken(token: string | null, now = new Date()): { rid: number; sentAt: Date } | null {
  const result = token ? verifyToken<{ rid?: unknown; s?: unknown }>(token, getAppSecret(), { now, purpose: 'reply-confirm' }) : null;
  if (!result?.ok || !Number.isInteger(result.value.rid) || !Number.isInteger(result.value.s)) return null;
  return { rid: result.value.rid as number, sentAt: new Date(result.value.s as number) };
}
