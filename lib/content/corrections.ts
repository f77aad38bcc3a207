/**
 * Corrections (issue 14): a published issue whose frontmatter gains a `correction:` note. Pure:
 * which notes a new version brings, and the note as inline HTML. A correction is named by its
 * issue and its key, a hash of the note's text (spacing and Unicode forms aside): the same note
 * published again is the same correction; an edited note, even a typo fixed, is a new one.
 */
import { createHash } from 'node:crypto';
import { escapeHtml } from '../html/html';

export type IssueCorrection = { note: string; key: string; corrected: string | null };
type Noted = { slug: string; correction: IssueCorrection | null };

/** The key of a note: sha256 of its text in NFC with runs of spaces made one. */
export function correctionKey(note: string): string {
  return createHash('sha256').update(note.normalize('NFC').replace(/\s+/g, ' ').trim()).digest('hex');
}

/**
 * The corrections readers were not told of: a note on an issue that readers could already see in
 * the version before, which that version did not carry. A new issue that arrives with a note, a
 * note left as it was, and a note removed are not news.
 */
export function findNewCorrections<T extends Noted>(before: readonly T[], after: readonly T[]): T[] {
  const old = new Map(before.map((i) => [i.slug, i.correction?.key ?? null]));
  return after.filter((i) => i.correction !== null && old.has(i.slug) && old.get(i.slug) !== i.correction.key);
}

/** The note as inline HTML: escaped text, with `code`, **strong** and *emphasis* (nothing else). */
export function renderCorrectionNote(note: string): string {
  return escapeHtml(note)
    .replace(/`([^`]{1,500})`/g, '<code>$1</code>')
    .replace(/\*\*([^*]{1,500})\*\*/g, '<strong>$1</strong>')
    .replace(/(^|[\s(])\*([^*\s](?:[^*]{0,498}[^*\s])?)\*/g, '$1<em>$2</em>');
}

/** The note as plain text (for a feed summary, an email's text part, a subject line). */
export function plainCorrectionNote(note: string): string {
  return note.replace(/`([^`]{1,500})`/g, '$1').replace(/\*\*([^*]{1,500})\*\*/g, '$1').replace(/(^|[\s(])\*([^*\s](?:[^*]{0,498}[^*\s])?)\*/g, '$1$2');
}
