import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Result } from '@/lib/result';

export type TokenError = 'malformed' | 'bad-signature' | 'expired' | 'wrong-purpose';

export interface VerifyOptions {
  /** The clock to check expiry against; defaults to now. */
  now?: Date;
  /** When given, a token whose `purpose` differs is refused with 'wrong-purpose'. */
  purpose?: string;
}

// Far above any token we sign; refusing early keeps hostile input from costing an HMAC over megabytes.
const MAX_TOKEN_LENGTH = 4096;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * Signs `payload` plus an `exp` (Unix seconds) as `base64url(JSON).base64url(HMAC-SHA256)`.
 * Put a `purpose` in the payload so a token minted for one job cannot be replayed for another.
 */
export function signToken(
  payload: Record<string, unknown>,
  secret: string,
  ttlSeconds: number,
  now: Date = new Date(),
): string {
  requireSecret(secret);
  if (!Number.isFinite(ttlSeconds) || ttlSeconds <= 0) throw new RangeError(`ttlSeconds must be positive, got ${ttlSeconds}`);
  const exp = Math.floor(now.getTime() / 1000) + Math.ceil(ttlSeconds);
  const body = Buffer.from(JSON.stringify({ ...payload, exp }), 'utf8').toString('base64url');
  return `${body}.${mac(body, secret)}`;
}

/**
 * Checks a token from `signToken`: its signature (in constant time), then its
 * purpose and expiry. The payload is only parsed once the signature is good,
 * and is trusted as `T` because only the holder of `secret` can sign one.
 * The third argument may be just the clock, or `{ now, purpose }`.
 */
export function verifyToken<T = Record<string, unknown>>(
  token: string,
  secret: string,
  options: VerifyOptions | Date = {},
): Result<T & { exp: number }, TokenError> {
  requireSecret(secret);
  const { now = new Date(), purpose } = options instanceof Date ? { now: options } : options;
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return { ok: false, error: 'malformed' };
  const parts = token.split('.');
  const [body, signature] = parts;
  if (parts.length !== 2 || !body || !signature || !BASE64URL.test(body) || !BASE64URL.test(signature)) {
    return { ok: false, error: 'malformed' };
  }
  // Comparing the encoded strings also refuses non-canonical base64 that decodes to the right bytes.
  if (!safeEqual(signature, mac(body, secret))) return { ok: false, error: 'bad-signature' };
  const payload = parsePayload(body);
  if (!payload) return { ok: false, error: 'malformed' };
  if (purpose !== undefined && payload.purpose !== purpose) return { ok: false, error: 'wrong-purpose' };
  if (now.getTime() >= payload.exp * 1000) return { ok: false, error: 'expired' };
  return { ok: true, value: payload as T & { exp: number } };
}

/** A salted SHA-256 (HMAC keyed by the salt), hex: lets us match IP addresses without storing them. */
export function hashWithSalt(value: string, salt: string): string {
  return createHmac('sha256', salt).update(value, 'utf8').digest('hex');
}

/** A short URL-safe random id, e.g. for comment permalinks (9 bytes → 12 characters). */
export function randomId(bytes = 9): string {
  return randomBytes(bytes).toString('base64url');
}

/** A 32-byte URL-safe random token, for secrets sent by email or kept in a cookie. */
export function randomToken(): string {
  return randomId(32);
}

function mac(body: string, secret: string): string {
  return createHmac('sha256', secret).update(body, 'utf8').digest('base64url');
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  // Lengths are public (every good MAC has the same one), so only equal-length contents need constant time.
  return left.length === right.length && timingSafeEqual(left, right);
}

function parsePayload(body: string): (Record<string, unknown> & { exp: number }) | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
  const exp = (parsed as { exp?: unknown }).exp;
  return typeof exp === 'number' && Number.isFinite(exp) ? (parsed as Record<string, unknown> & { exp: number }) : null;
}

function requireSecret(secret: string): void {
  // An empty key would make every token forgeable: that is a configuration bug, not an outcome.
  if (typeof secret !== 'string' || secret.length === 0) throw new Error('Token secret is empty');
}
