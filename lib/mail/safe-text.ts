/**
 * Commenter-written text on its way into an email body. It never goes into a header (subjects
 * and sender names are fixed wording); in bodies it is one line for names, capped, and without
 * control or bidi-override characters that could forge a line or reverse what a link reads.
 */
import { ANONYMOUS_NAME } from '../comments/thread';

// C0/C1 controls (tab and newline kept for bodies), bidi embeddings/overrides/isolates, marks, invisibles.
const INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

export const NAME_MAX = 60;
export const EXCERPT_MAX = 300;

/** A commenter's name for an email body: one line, visible characters only, at most NAME_MAX. */
export function mailName(name: string | null): string {
  const clean = (name ?? '').replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
  if (!clean) return ANONYMOUS_NAME;
  return clean.length > NAME_MAX ? `${clean.slice(0, NAME_MAX - 1)}…` : clean;
}

/** A comment body for an email: cleaned and cut at `max` characters (the full text is on the page). */
export function mailExcerpt(body: string, max = EXCERPT_MAX): string {
  const clean = body.replace(/\r\n?/g, '\n').replace(INVISIBLE, '').replace(/\n{3,}/g, '\n\n').trim();
  return clean.length > max ? `${clean.slice(0, max - 1).trimEnd()}…` : clean;
}

/** Characters that must never reach a mail header, for a last check before sending. */
export function headerSafe(value: string): string {
  return value.replace(/[\r\n]+/g, ' ').replace(INVISIBLE, '');
}
