import 'server-only';
import { getEnv } from '../env';
import { getAppSecret } from '../security/secret';
import { judgeFormToken, mintFormToken, readFormToken, type FormToken, type FormTokenCheck } from './form-token';
import { isNonceUsed, markNonceUsed } from './form-token-repository';

/** The shared token of a prerendered page: it leads to a preview, never straight to a stored comment. */
export function createPageFormToken(slug: string, now = new Date()): string {
  return mintFormToken('page', slug, getAppSecret(), now);
}

/** A single-use token for one reader's form, valid for two hours. */
export function createReaderFormToken(slug: string, now = new Date()): string {
  return mintFormToken('reader', slug, getAppSecret(), now);
}

export type FormCheck = FormTokenCheck | { ok: false; error: 'used-form'; token: FormToken };

/** Judges a posted form token: genuine, for this issue, a reader's, old enough, and not used before. */
export async function checkFormToken(raw: string | undefined, slug: string, ctx: { now: Date; isAuthor: boolean }): Promise<FormCheck> {
  const token = readFormToken(raw, slug, getAppSecret(), ctx.now);
  const check = judgeFormToken(token, { now: ctx.now, minMs: getEnv().COMMENTS_MIN_SECONDS * 1000, isAuthor: ctx.isAuthor });
  // A replay is told so even when it also comes too soon: waiting would not help it.
  if ((check.ok || check.error === 'too-fast') && check.token?.nonce && !ctx.isAuthor && (await isNonceUsed(check.token.nonce))) {
    return { ok: false, error: 'used-form', token: check.token };
  }
  return check;
}

/** Spends a reader token when its comment is stored; false when another post spent it first. */
export async function spendFormToken(token: FormToken, now: Date): Promise<boolean> {
  return token.nonce ? markNonceUsed(token.nonce, token.expiresAt, now) : true;
}

/**
 * The token a re-rendered form carries: the reader's own when it is still good to post with (so a
 * "too quick" or a typo does not restart their clock), else a fresh one.
 */
export async function continueFormToken(raw: string | undefined, slug: string, now: Date): Promise<string> {
  const token = readFormToken(raw, slug, getAppSecret(), now);
  if (token?.kind === 'reader' && token.nonce && !(await isNonceUsed(token.nonce))) return raw!;
  return createReaderFormToken(slug, now);
}
