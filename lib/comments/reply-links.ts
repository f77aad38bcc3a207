import 'server-only';
import { getEnv } from '../env';
import { getAppSecret } from '../security/secret';
import { signToken, verifyToken } from '../security/tokens';
import type { Result } from '../result';
import { replyAddress, signReplyToken, tokenFromAddress, verifyReplyToken, type ReplyRecipient, type ReplyTokenClaims, type ReplyTokenError } from '../mail/inbound/reply-token';

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

/**
 * The Reply-To of a notification about `commentId`: `reply+<token>@REPLY_DOMAIN`, a token that
 * names the comment and the recipient (lib/mail/inbound/reply-token.ts); undefined when the
 * comment's id is too long for an address (an imported one), and the email says "answer on the page".
 */
export function replyByEmailAddress(commentId: string, recipient: ReplyRecipient, now = new Date()): string | undefined {
  const token = signReplyToken(commentId, recipient, getAppSecret(), now);
  return token ? replyAddress(token, getEnv().REPLY_DOMAIN) : undefined;
}

/** The token of a reply address of this site, its signature checked: `not-ours` for another address, an error for a forged one. */
export function readReplyByEmailAddress(address: string, now = new Date()): Result<{ token: string; claims: ReplyTokenClaims }, 'not-ours' | ReplyTokenError> {
  const token = tokenFromAddress(address, getEnv().REPLY_DOMAIN);
  if (!token) return { ok: false, error: 'not-ours' };
  const claims = verifyReplyToken(token, getAppSecret(), now);
  return claims.ok ? { ok: true, value: { token, claims: claims.value } } : claims;
}
