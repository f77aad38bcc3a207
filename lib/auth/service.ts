import 'server-only';
import { createHash, timingSafeEqual } from 'node:crypto';
import { getEnv } from '../env';
import { sendMail } from '../mail/send';
import { err, ok, type Result } from '../result';
import { exceedsRateLimit } from '../security/limits';
import { getAppSecret } from '../security/secret';
import { randomToken, signToken, verifyToken } from '../security/tokens';
import { consumeLoginToken, findLiveSession, insertLoginToken, insertSession, revokeAllSessions, revokeSession, touchSession } from './repository';

/** The signed, httpOnly cookie that marks the author's browser: it names a revocable session row. */
export const AUTHOR_COOKIE = 'masthead_author';
export const SESSION_SECONDS = 30 * 24 * 3600;
const LINK_SECONDS = 15 * 60;
// "Last seen" is for the author's eyes, not a security check: one write per quarter hour is plenty.
const TOUCH_EVERY_MS = 15 * 60 * 1000;
// Ten tries per quarter hour per address: enough for typos, far too few to guess a password.
const SIGN_IN_LIMIT = 10;
const SIGN_IN_WINDOW = 15 * 60;

export type SignInError = 'rate-limited' | 'wrong-password' | 'no-password' | 'invalid-link';
type SignInResult = { ok: true; value: { session: string } } | { ok: false; error: SignInError; retryAfter?: number };

type SessionPayload = { sid?: unknown };

/** The session id a cookie names, when its signature, purpose and expiry are good. */
function sessionIdOf(cookie: string | undefined, now: Date): string | null {
  if (!cookie) return null;
  const result = verifyToken<SessionPayload>(cookie, getAppSecret(), { now, purpose: 'author-session' });
  return result.ok && typeof result.value.sid === 'string' && result.value.sid !== '' ? result.value.sid : null;
}

/**
 * Signature-only check, with no database read: ONLY for lib/views, which decides on the hot
 * path of every page view whether to skip counting the author's own visit. A revoked cookie
 * that still passes here merely leaves one visit uncounted, which is harmless; it grants
 * nothing. Everything that authorizes (admin pages and actions, posting as the author,
 * newsletter admin, stats) must use `isLiveAuthorSession`.
 */
export function isAuthorSession(cookie: string | undefined, now = new Date()): boolean {
  return !!cookie && verifyToken(cookie, getAppSecret(), { now, purpose: 'author-session' }).ok;
}

/**
 * The real check: the cookie names a session that exists, has not expired and was not revoked.
 * Cookies from before revocable sessions carry no session id and are refused (sign in again).
 */
export async function isLiveAuthorSession(cookie: string | undefined, now = new Date()): Promise<boolean> {
  const sid = sessionIdOf(cookie, now);
  if (sid === null) return false;
  const idHash = digest(sid).toString('hex');
  const session = await findLiveSession(idHash, now);
  if (!session) return false;
  if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) await touchSession(idHash, now);
  return true;
}

/** Signing out: the session the cookie names is revoked, so a copy of the cookie stops working too. */
export async function endSession(cookie: string | undefined, now = new Date()): Promise<void> {
  // Expiry is not checked: even a stale cookie's row should end up revoked.
  const sid = sessionIdOf(cookie, new Date(0));
  if (sid !== null) await revokeSession(digest(sid).toString('hex'), now);
}

/** "Sign out everywhere": every open session is revoked, this browser's included. */
export function endAllSessions(now = new Date()): Promise<number> {
  return revokeAllSessions(now);
}

async function newSession(now: Date): Promise<string> {
  const sid = randomToken();
  await insertSession(digest(sid).toString('hex'), now, new Date(now.getTime() + SESSION_SECONDS * 1000));
  return signToken({ purpose: 'author-session', sid }, getAppSecret(), SESSION_SECONDS, now);
}

function limited(ip: string, now: Date): Promise<number | null> {
  return exceedsRateLimit('sign-in', ip, { limit: SIGN_IN_LIMIT, windowSeconds: SIGN_IN_WINDOW }, now);
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Signs the author in with AUTHOR_PASSWORD (when set); attempts are rate-limited per address. */
export async function signInWithPassword(password: unknown, ip: string, now = new Date()): Promise<SignInResult> {
  const expected = getEnv().AUTHOR_PASSWORD;
  if (!expected) return { ok: false, error: 'no-password' };
  const retryAfter = await limited(ip, now);
  if (retryAfter !== null) return { ok: false, error: 'rate-limited', retryAfter };
  // Comparing digests keeps the comparison constant-time whatever the lengths.
  if (typeof password !== 'string' || !timingSafeEqual(digest(password), digest(expected))) {
    return { ok: false, error: 'wrong-password' };
  }
  return { ok: true, value: { session: await newSession(now) } };
}

/** Emails a one-time sign-in link to AUTHOR_EMAIL (and only there). */
export async function sendSignInLink(ip: string, now = new Date()): Promise<Result<null, 'rate-limited'>> {
  const retryAfter = await limited(ip, now);
  if (retryAfter !== null) return err('rate-limited');
  const env = getEnv();
  const token = randomToken();
  await insertLoginToken(digest(token).toString('hex'), new Date(now.getTime() + LINK_SECONDS * 1000));
  const link = `${env.SITE_URL}/admin/verify?token=${token}`;
  await sendMail({
    to: env.AUTHOR_EMAIL,
    subject: `Sign in to ${env.SITE_TITLE}`,
    text: `Sign in to ${env.SITE_TITLE} as the author:\n\n${link}\n\nThe link works once, for 15 minutes. If you did not ask for it, ignore this email.\n`,
  });
  return ok(null);
}

/** Exchanges a one-time link for a session: unused, unexpired, once. */
export async function signInWithLink(token: unknown, now = new Date()): Promise<SignInResult> {
  if (typeof token !== 'string' || !/^[A-Za-z0-9_-]{20,100}$/.test(token)) return { ok: false, error: 'invalid-link' };
  if (!(await consumeLoginToken(digest(token).toString('hex'), now))) return { ok: false, error: 'invalid-link' };
  return { ok: true, value: { session: await newSession(now) } };
}
