// Comment form tokens, the pure core (no database, no env): minting and judging them.
//
// Why two kinds (issue 10, points 12 and 16): a prerendered issue page is one HTML file for every
// reader, so the token in it cannot be per-reader or single-use. It only proves that a form came
// from this site for this issue; a post carrying it is never stored, but answered with a preview
// and a `reader` token. A reader token is minted for one reader (the live discussion page, the
// script's fetch, a re-rendered form), holds a random nonce that the database records when a
// comment is posted with it (single use), lives two hours, and the minimum time between seeing a
// form and posting it is counted from its own minting, not from when a shared page was built.
import { randomId, signToken, verifyToken } from '../security/tokens';

export type FormTokenKind = 'page' | 'reader';

/** A reader has two hours from loading a form to posting it; then a fresh form keeps their text. */
export const READER_TOKEN_SECONDS = 2 * 3600;
/** A stale prerendered page may be served once before it is rebuilt: its token only leads to a preview. */
export const PAGE_TOKEN_SECONDS = 7 * 24 * 3600;

const PURPOSE = 'comment-form';

export type FormToken = { kind: FormTokenKind; slug: string; mintedAt: Date; expiresAt: Date; nonce: string | null };

export type FormTokenError = 'expired-form' | 'unconfirmed' | 'too-fast';
export type FormTokenCheck =
  | { ok: true; token: FormToken }
  | { ok: false; error: FormTokenError; token?: FormToken; retryAfter?: number };

/** Signs a form token for `slug`; a reader token carries a fresh random nonce. */
export function mintFormToken(kind: FormTokenKind, slug: string, secret: string, now: Date): string {
  const payload = { purpose: PURPOSE, kind, slug, t: now.getTime(), ...(kind === 'reader' ? { n: randomId(16) } : {}) };
  return signToken(payload, secret, kind === 'reader' ? READER_TOKEN_SECONDS : PAGE_TOKEN_SECONDS, now);
}

/** The token's contents when it is genuine, unexpired and for `slug`; null otherwise. */
export function readFormToken(raw: string | undefined, slug: string, secret: string, now: Date): FormToken | null {
  if (!raw) return null;
  const result = verifyToken<{ kind?: unknown; slug?: unknown; t?: unknown; n?: unknown }>(raw, secret, { now, purpose: PURPOSE });
  if (!result.ok) return null;
  const { kind, slug: tokenSlug, t, n, exp } = result.value;
  if (tokenSlug !== slug || typeof t !== 'number') return null;
  if (kind === 'reader' && typeof n === 'string' && n.length > 0) {
    return { kind, slug, mintedAt: new Date(t), expiresAt: new Date(exp * 1000), nonce: n };
  }
  // Tokens minted before reader tokens existed have no kind: they count as page tokens.
  return kind === 'reader' ? null : { kind: 'page', slug, mintedAt: new Date(t), expiresAt: new Date(exp * 1000), nonce: null };
}

/**
 * Whether a post with this token may be stored: a reader token at least `minMs` old. The signed-in
 * author posts from the admin page too, where several forms share one page token: any genuine
 * token for the issue will do for them (the session cookie is the real proof there).
 */
export function judgeFormToken(token: FormToken | null, p: { now: Date; minMs: number; isAuthor: boolean }): FormTokenCheck {
  if (!token) return { ok: false, error: 'expired-form' };
  if (p.isAuthor) return { ok: true, token };
  if (token.kind === 'page') return { ok: false, error: 'unconfirmed', token };
  const wait = token.mintedAt.getTime() + p.minMs - p.now.getTime();
  if (wait > 0) return { ok: false, error: 'too-fast', token, retryAfter: Math.ceil(wait / 1000) };
  return { ok: true, token };
}
