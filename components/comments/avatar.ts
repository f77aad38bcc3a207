import { html, type Html } from '@/lib/html/html';

/**
 * A commenter's avatar, drawn on the server from their initials: no image request, no third party
 * (no Gravatar: it would tell another company who reads what). The colour comes from the name, so
 * a person keeps theirs through a thread; the author's is the accent.
 */

/** Colour classes `.avatar-0` … `.avatar-7` (components/ui/styles.ts); each pair passes WCAG AA. */
export const AVATAR_COLOURS = 8;

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

function firstLetter(word: string): string | null {
  for (const { segment } of segmenter.segment(word)) return /^\p{L}/u.test(segment) ? segment.toLocaleUpperCase() : null;
  return null;
}

/** "Ada Lovelace" → "AL", "jean-luc picard" → "JP", "李小龍" → "李", "" → "?". */
export function initials(name: string): string {
  const letters = name.trim().split(/\s+/u).map(firstLetter).filter((l): l is string => l !== null);
  if (letters.length === 0) return '?';
  return letters.length === 1 ? letters[0]! : letters[0]! + letters[letters.length - 1]!;
}

/** A stable colour class for a name (FNV-1a over its code points). */
export function avatarColour(name: string): number {
  let hash = 0x811c9dc5;
  for (const ch of name.trim().toLocaleLowerCase()) {
    hash ^= ch.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % AVATAR_COLOURS;
}

export function renderAvatar(name: string, isAuthor: boolean): Html {
  return html`<span class="avatar ${isAuthor ? 'avatar-author' : `avatar-${avatarColour(name)}`}" aria-hidden="true">${initials(name)}</span>`;
}
