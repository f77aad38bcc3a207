import { stripInvisible } from '../unicode';
import type { CommentStatus } from './schema';

/** Moderation modes: publish at once, hold a new email's first comment, or hold everything. */
export type ModerationMode = 'post' | 'first' | 'pre';

/**
 * Counts links in a comment: Markdown links and bare http(s) URLs. One left-to-right
 * scan, so the time is linear in the body whatever it holds (the regexes this replaced
 * backtracked cubically: 2,000 × `[a](` took 40 s and froze the server).
 *
 * A Markdown link is `](`, optional whitespace and a target up to a space or `)`; the
 * target is not counted again as a bare URL. Elsewhere each `http://` or `https://`
 * (any case, not inside a word) followed by at least one URL character counts once.
 */
export function countLinks(body: string): number {
  let count = 0;
  let i = 0;
  while (i < body.length) {
    const next = body.startsWith('](', i) ? markdownTargetEnd(body, i) : bareUrlEnd(body, i);
    if (next > i) count++;
    i = Math.max(next, i + 1);
  }
  return count;
}

const isSpace = (c: string) => /\s/.test(c);
const isUrlChar = (c: string) => !/[\s<>()]/.test(c);

function skip(text: string, from: number, keep: (c: string) => boolean): number {
  let i = from;
  while (i < text.length && keep(text[i]!)) i++;
  return i;
}

/** End of the target of a Markdown link whose `](` is at `i`, or `i` when it has none. */
function markdownTargetEnd(text: string, i: number): number {
  const target = skip(text, i + 2, isSpace);
  const end = skip(text, target, (c) => c !== ')' && !isSpace(c));
  return end > target ? end : i;
}

/** End of a bare URL starting at `i`, or `i` when none starts there. */
function bareUrlEnd(text: string, i: number): number {
  if (text[i] !== 'h' && text[i] !== 'H') return i;
  if (i > 0 && /\w/.test(text[i - 1]!)) return i;
  const head = text.slice(i, i + 8).toLowerCase();
  const scheme = head.startsWith('https://') ? 8 : head.startsWith('http://') ? 7 : 0;
  if (scheme === 0) return i;
  const end = skip(text, i + scheme, isUrlChar);
  return end > i + scheme ? end : i;
}

/** Whether a new comment is published at once or waits for the author. */
export function decideStatus(p: {
  mode: ModerationMode;
  isAuthor: boolean;
  /** The commenter's email already has a published comment. */
  knownCommenter: boolean;
  linkCount: number;
  maxLinks: number;
}): 'published' | 'pending' {
  if (p.isAuthor) return 'published';
  if (p.mode === 'pre') return 'pending';
  if (p.mode === 'first' && !p.knownCommenter) return 'pending';
  // Link-stuffed comments are the classic spam shape: hold them whatever the mode.
  if (p.linkCount > p.maxLinks) return 'pending';
  return 'published';
}

/** A commenter may change their own comment for this long, and only while nobody has replied. */
export const EDIT_WINDOW_SECONDS = 15 * 60;

/** Whether the commenter (holding a valid token) may still edit or delete. */
export function canSelfEdit(p: { createdAt: Date; now: Date; replyCount: number; status: CommentStatus }): boolean {
  if (p.status === 'deleted' || p.status === 'spam') return false;
  if (p.replyCount > 0) return false;
  return p.now.getTime() - p.createdAt.getTime() <= EDIT_WINDOW_SECONDS * 1000;
}

export { normalizeEmail } from '../email-address';

const TRAILING_PUNCTUATION = /[\p{P}\p{S}\s]/u;

/**
 * The key two bodies are compared by to refuse a duplicate: NFKC (fullwidth and
 * compatibility letters fold), case-folded, invisible characters removed, whitespace
 * collapsed to one space, and trailing punctuation and symbols trimmed ("Great post!!" is
 * "great post"). A body of only punctuation keeps it, so "?" and "!" stay different.
 */
export function duplicateKey(body: string): string {
  const folded = stripInvisible(body.normalize('NFKC')).toUpperCase().toLowerCase().replace(/\s+/g, ' ').trim();
  // A loop, not /[…]+$/: that regex retries at every position of a long punctuation run.
  let end = folded.length;
  while (end > 0 && TRAILING_PUNCTUATION.test(folded[end - 1]!)) end--;
  return end === 0 ? folded : folded.slice(0, end);
}
