import { escapeHtml } from '../html/html';

/** Characters an excerpt shows around the first match. */
export const EXCERPT_LENGTH = 220;

const MARK_OPEN = '<mark>';
const MARK_CLOSE = '</mark>';

/**
 * The text folded for matching (lower case, accents removed, compatibility forms unified), with
 * each folded character's position in the original, so a match found in one is marked in the other.
 */
function fold(text: string): { folded: string; origin: number[] } {
  let folded = '';
  const origin: number[] = [];
  let i = 0;
  for (const ch of text) {
    const f = ch.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
    for (let k = 0; k < f.length; k++) origin.push(i);
    folded += f;
    i += ch.length;
  }
  origin.push(i);
  return { folded, origin };
}

const isWordChar = (ch: string | undefined) => ch !== undefined && /[\p{L}\p{N}\p{M}]/u.test(ch);

/** Where the terms occur in `text` as whole words (or word starts), as [start, end) ranges, in order, not overlapping. */
export function findMatches(text: string, terms: readonly string[]): Array<[number, number]> {
  const { folded, origin } = fold(text);
  const wanted = terms.map((t) => fold(t).folded).filter((t) => t.length > 0);
  const ranges: Array<[number, number]> = [];
  for (const term of wanted) {
    for (let at = folded.indexOf(term); at !== -1 && ranges.length < 200; at = folded.indexOf(term, at + term.length)) {
      if (isWordChar(folded[at - 1])) continue;
      ranges.push([origin[at]!, origin[at + term.length]!]);
    }
  }
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: Array<[number, number]> = [];
  for (const r of ranges) {
    const last = merged.at(-1);
    if (last && r[0] < last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

/** `text` escaped for HTML, with each match in <mark>. */
export function highlight(text: string, terms: readonly string[]): string {
  let out = '';
  let from = 0;
  for (const [start, end] of findMatches(text, terms)) {
    out += escapeHtml(text.slice(from, start)) + MARK_OPEN + escapeHtml(text.slice(start, end)) + MARK_CLOSE;
    from = end;
  }
  return out + escapeHtml(text.slice(from));
}

/**
 * About EXCERPT_LENGTH characters of `text` around its first match (its start when nothing
 * matches), cut at spaces, with "…" where it was cut; escaped for HTML, matches in <mark>.
 */
export function excerpt(text: string, terms: readonly string[], length = EXCERPT_LENGTH): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const first = firstMatch(flat, terms);
  let start = Math.max(0, first - Math.floor(length / 3));
  let end = Math.min(flat.length, start + length);
  if (start > 0) start = nextSpace(flat, start);
  if (end < flat.length) end = Math.max(start + 1, flat.lastIndexOf(' ', end));
  // Never cut a surrogate pair in two.
  if (/[\uDC00-\uDFFF]/.test(flat[start] ?? '')) start++;
  if (/[\uD800-\uDBFF]/.test(flat[end - 1] ?? '')) end++;
  const body = highlight(flat.slice(start, end), terms);
  return `${start > 0 ? '…' : ''}${body}${end < flat.length ? '…' : ''}`;
}

/** Where the first match starts (0 without one). A plain lower-case search first: folding a long body is only needed when it finds nothing. */
function firstMatch(text: string, terms: readonly string[]): number {
  const lower = text.toLowerCase();
  let best = -1;
  if (lower.length === text.length) {
    for (const term of terms) {
      for (let at = lower.indexOf(term); at !== -1; at = lower.indexOf(term, at + 1)) {
        if (isWordChar(lower[at - 1])) continue;
        if (best === -1 || at < best) best = at;
        break;
      }
    }
  }
  return best !== -1 ? best : (findMatches(text, terms)[0]?.[0] ?? 0);
}

function nextSpace(text: string, at: number): number {
  const space = text.indexOf(' ', at);
  return space === -1 || space - at > 30 ? at : space + 1;
}
