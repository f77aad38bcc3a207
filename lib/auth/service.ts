import 'server-only';
import { createHash, timingSafeEqual } from 'node:crypto';
import { getEnv } from '../env';
import { sendMail } from '../mail/send';
import { err, ok, type Result } from '../result';
import { exceedsRateLimit } from '../security/limits';
import { getAppSecret } from '../security/secret';
import { randomToken, signToken, verifyToken } from '../security/tokens';
import { consumeLoginToken, insertLoginToken } from './repository';

/** The signed, httpOnly cookie that marks the author's browser. */
export const AUTHOR_COOKIE = 'masthead_author';
export const SESSION_SECONDS = 30 * 24 * 3600;
const LINK_SECONDS = 15 * 60;
// Ten tries per quarter hour per address: enough for typos, far too few to guess a password.
const SIGN_IN_LIMIT = 10;
const SIGN_IN_WINDOW = 15 * 60;

export type SignInError = 'rate-limited' | 'wrong-password' | 'no-password' | 'invalid-link';
type SignInResult = { ok: true; value: { session: string } } | { ok: false; error: SignInError; retryAfter?: number };

export function isAuthorSession(cookie: string | undefined, now = new Date()): boolean {
  return !!cookie && verifyToken(cookie, getAppSecret(), { now, purpose: 'author-session' }).ok;
}

function newSession(now: Date): string {
  return signToken({ purpose: 'author-session' }, getAppSecret(), SESSION_SECONDS, now);
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
  return { ok: true, value: { session: newSession(now) } };
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
  return { ok: true, value: { session: newSession(now) } };
}
