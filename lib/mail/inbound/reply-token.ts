import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Result } from '../../result';
import { decodeBase32, encodeBase32 } from './base32';

/**
 * The token in `reply+<token>@REPLY_DOMAIN`: which comment is answered and to whom the email went,
 * until when, signed with the site's secret. It must fit an email local part (64 characters with
 * `reply+`), so it is bytes, not JSON: a version/flags byte, the expiry (Unix seconds, 4 bytes),
 * the reply-address row for a reader (4 bytes), the comment id, and 80 bits of HMAC-SHA256.
 * A comment id of 12 base64url characters (every id Masthead makes) takes 9 bytes; an imported id
 * that does not fit gets no token (its email says to answer on the page).
 */
export type ReplyRecipient = { kind: 'author' } | { kind: 'reader'; addressId: number };
export type ReplyTokenClaims = { commentId: string; recipient: ReplyRecipient; expiresAt: Date; expired: boolean };
export type ReplyTokenError = 'malformed' | 'bad-signature';

export const REPLY_TOKEN_DAYS = 30;
/** The local part's limit (RFC 5321) minus `reply+`. */
export const MAX_TOKEN_CHARS = 64 - 'reply+'.length;
const VERSION = 0x10;
const READER = 0x01;
const RAW_ID = 0x02; // the id's ASCII bytes, for ids that are not 12 base64url characters
const MAC_BYTES = 10;
const DOMAIN_TAG = 'masthead reply-by-email v1\0';

function mac(payload: Buffer, secret: string): Buffer {
  return createHmac('sha256', secret).update(DOMAIN_TAG).update(payload).digest().subarray(0, MAC_BYTES);
}

function idBytes(id: string): { flags: number; bytes: Buffer } {
  const decoded = /^[A-Za-z0-9_-]{12}$/.test(id) ? Buffer.from(id, 'base64url') : null;
  if (decoded && decoded.toString('base64url') === id) return { flags: 0, bytes: decoded };
  return { flags: RAW_ID, bytes: Buffer.from(id, 'ascii') };
}

/** The token for an email about `commentId` sent to `recipient`, or null when it would not fit an address. */
export function signReplyToken(commentId: string, recipient: ReplyRecipient, secret: string, now = new Date(), days = REPLY_TOKEN_DAYS): string | null {
  if (!secret) throw new Error('Token secret is empty');
  if (!/^[A-Za-z0-9_-]{1,40}$/.test(commentId)) return null;
  const { flags, bytes } = idBytes(commentId);
  const head = Buffer.alloc(recipient.kind === 'reader' ? 9 : 5);
  head[0] = VERSION | flags | (recipient.kind === 'reader' ? READER : 0);
  head.writeUInt32BE(Math.floor(now.getTime() / 1000) + days * 86_400, 1);
  if (recipient.kind === 'reader') head.writeUInt32BE(recipient.addressId, 5);
  const payload = Buffer.concat([head, bytes]);
  const token = encodeBase32(Buffer.concat([payload, mac(payload, secret)]));
  return token.length <= MAX_TOKEN_CHARS ? token : null;
}

/** Checks a token's signature (in constant time) and reads it, saying whether it has expired; case does not matter. */
export function verifyReplyToken(token: string, secret: string, now = new Date()): Result<ReplyTokenClaims, ReplyTokenError> {
  if (!secret) throw new Error('Token secret is empty');
  const raw = token.length <= MAX_TOKEN_CHARS ? decodeBase32(token) : null;
  if (!raw || raw.length < 5 + 1 + MAC_BYTES) return { ok: false, error: 'malformed' };
  const payload = raw.subarray(0, raw.length - MAC_BYTES);
  if (!timingSafeEqual(raw.subarray(raw.length - MAC_BYTES), mac(payload, secret))) return { ok: false, error: 'bad-signature' };
  const flags = payload[0]!;
  if ((flags & 0xf0) !== VERSION) return { ok: false, error: 'malformed' };
  const reader = (flags & READER) !== 0;
  const idStart = reader ? 9 : 5;
  if (payload.length <= idStart) return { ok: false, error: 'malformed' };
  const id = payload.subarray(idStart);
  const commentId = flags & RAW_ID ? id.toString('ascii') : id.toString('base64url');
  const expiresAt = new Date(payload.readUInt32BE(1) * 1000);
  const recipient: ReplyRecipient = reader ? { kind: 'reader', addressId: payload.readUInt32BE(5) } : { kind: 'author' };
  // An expired token is still read: its sender, who got our email, is told how to answer instead.
  return { ok: true, value: { commentId, recipient, expiresAt, expired: now.getTime() >= expiresAt.getTime() } };
}

/** `reply+<token>@domain` → the token, when the address is one of ours (domain compared case-insensitively). */
export function tokenFromAddress(address: string, domain: string): string | null {
  if (address.length > 320) return null;
  const match = /^reply\+([a-z2-7]{1,58})@([^@\s]+)$/i.exec(address.trim());
  if (!match || match[2]!.toLowerCase().replace(/\.$/, '') !== domain.toLowerCase()) return null;
  return match[1]!.toLowerCase();
}

/** The Reply-To address for a token. */
export function replyAddress(token: string, domain: string): string {
  return `reply+${token}@${domain}`;
}
