/** Longer queries are cut to this many characters before anything else reads them. */
export const MAX_QUERY_LENGTH = 200;
/** Words past this many are not searched for. */
export const MAX_TERMS = 12;

export type SearchQuery = {
  /** What the reader typed, cut to MAX_QUERY_LENGTH, control characters removed (shown back in the box). */
  text: string;
  /** The words searched for, lower-cased: letters, digits and marks only (none: nothing to search for). */
  terms: string[];
  /** True when the query was cut. */
  truncated: boolean;
};

// Controls (NUL, CR, LF…), bidi and invisible format characters, lone surrogates: never searched for, never shown back.
const UNSHOWN = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\uFFFE\uFFFF]/gu;
const WORD = /[\p{L}\p{N}][\p{L}\p{M}\p{N}]*/gu;

/**
 * A reader's query as words. Search syntax is never passed through: quotes, operators (AND, NEAR,
 * `*`, `-`, `^`), column filters (`title:`) and brackets are separators, so the database only ever
 * sees plain words (ftsMatch and the PostgreSQL query quote each one).
 */
export function readSearchQuery(raw: string | null | undefined): SearchQuery {
  const given = typeof raw === 'string' ? raw : '';
  const cut = [...given.slice(0, MAX_QUERY_LENGTH * 4)].slice(0, MAX_QUERY_LENGTH).join('');
  const text = cut.replace(UNSHOWN, ' ').replace(/\s+/g, ' ').trim();
  const truncated = [...given].length > MAX_QUERY_LENGTH;
  const terms = [...new Set(text.normalize('NFKC').toLowerCase().match(WORD) ?? [])].slice(0, MAX_TERMS);
  return { text, terms, truncated };
}

/** An FTS5 MATCH expression finding every term: each a quoted string, so nothing in it is syntax. */
export function ftsMatch(terms: readonly string[]): string {
  return terms.map((t) => `"${t.replaceAll('"', '""')}"`).join(' ');
}
