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

/** How a recorded correction is looked up: its issue and its key. */
export const correctionDayKey = (slug: string, key: string) => `${slug}\n${key}`;

/**
 * The notes of a version not recorded yet (`known`: by correctionDayKey), each with whether it is
 * news to readers: a note on an issue the publish changed (`changes`, against the version before),
 * which readers could already see. A new issue that arrives with a note, and any note on a source's
 * first publish, are not news; a note already recorded (left as it was, or put back) is not new at all.
 */
export function findNewCorrections<T extends Noted>(issues: readonly T[], changes: { changed: readonly string[]; initial?: boolean }, known: ReadonlySet<string>): Array<{ issue: T; news: boolean }> {
  const changed = new Set(changes.initial ? [] : changes.changed);
  return issues
    .filter((i) => i.correction !== null && !known.has(correctionDayKey(i.slug, i.correction.key)))
    .map((issue) => ({ issue, news: changed.has(issue.slug) }));
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
