import { XMLParser } from 'fast-xml-parser';
import { err, ok, type Result } from '@/lib/result';

export const COMMENT_STATUSES = ['published', 'pending', 'spam', 'deleted'] as const;

/** One comment from an export file, whatever its source; ready for the service to store. */
export type ImportedComment = {
  source: 'wordpress' | 'disqus' | 'masthead';
  /** The id in the source system, unique within the source (used to make re-imports add nothing). */
  externalId: string;
  /** The line of the file where the comment starts (0 when unknown), for every problem reported. */
  line: number;
  parentExternalId: string | null;
  /** The issue slug this comment belongs to, derived from the post/thread URL path (last non-empty path segment, lower-cased) or the WordPress post_name. */
  issueSlug: string;
  authorName: string | null;
  authorEmail: string | null;
  /** True only when the comment is from an address in `authorEmails` and the source vouches for it (see the parsers). */
  isAuthor: boolean;
  /** Plain text with Markdown for links, emphasis and code; entities decoded. */
  body: string;
  /** UTC. */
  createdAt: Date;
  status: (typeof COMMENT_STATUSES)[number];
  /** Only Masthead's own export carries these; absent means "never edited" and "no reply emails". */
  editedAt?: Date | null;
  notifyReplies?: boolean;
};

/** Comments in an order where every parent precedes its replies, and what was skipped or repaired. */
export type ImportResult = { comments: ImportedComment[]; warnings: string[] };

export type ImportOptions = {
  /** The author's addresses, current and old (`--author-email`): the only source of the Author mark. */
  authorEmails: string[];
  /** The site author's name: other comments may not pass for it (the form's impersonation rules). */
  authorName: string;
};

// ---- Shared by the parsers (pure helpers) ----------------------------------

const ARRAY_PATHS = new Set([
  'rss.channel.item',
  'rss.channel.item.wp:comment',
  'rss.channel.wp:author',
  'disqus.thread',
  'disqus.post',
]);

// DOCTYPE entities are the attack surface ("billion laughs", quadratic blow-up): fast-xml-parser
// never registers an entity whose value holds another reference, and these limits bound the rest.
// Real WXR and Disqus exports declare no entities at all. HTML entities are decoded later, per field.
const xmlParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  isArray: (_name, jPath) => typeof jPath === 'string' && ARRAY_PATHS.has(jPath),
  processEntities: { enabled: true, maxEntityCount: 20, maxEntitySize: 1_000, maxExpandedLength: 20_000 },
  htmlEntities: false,
  maxNestedTags: 100,
  // Start offsets of elements, so that problems can name the line of the file.
  captureMetaData: true,
});

/** Parses well-formed XML into plain objects; anything else is an `invalid` result, never a throw. */
export function parseXmlDocument(xml: string): Result<Record<string, unknown>, 'invalid'> {
  try {
    const doc = asRecord(xmlParser.parse(xml, true));
    return doc ? ok(doc) : err('invalid', { file: ['The file is empty'] });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return err('invalid', { file: [`The XML could not be read: ${reason.slice(0, 200)}`] });
  }
}

export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

export function asArray(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** The trimmed text of an element, whether it came as a string, CDATA or beside attributes. */
export function textOf(value: unknown): string {
  if (Array.isArray(value)) return textOf(value[0]);
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const text = asRecord(value)?.['#text'];
  return typeof text === 'string' ? text.trim() : '';
}

export function attributeOf(value: unknown, name: string): string {
  const attribute = asRecord(value)?.[`@_${name}`];
  return typeof attribute === 'string' ? attribute.trim() : '';
}

/** A source timestamp as UTC; one without a zone ("2024-03-01 09:30:00") is taken as UTC. */
export function parseUtcDate(text: string): Date | null {
  const iso = text.trim().replace(' ', 'T');
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/i.test(iso)) return null;
  if (iso.startsWith('0000')) return null;
  const date = new Date(/(?:Z|[+-]\d{2}:?\d{2})$/i.test(iso) ? iso : `${iso}Z`);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** The last non-empty path segment of a URL or path, percent-decoded and lower-cased. */
export function slugFromUrl(url: string): string {
  let path = url.trim();
  try {
    path = new URL(path).pathname;
  } catch {
    path = path.replace(/[?#][\s\S]*$/, '');
  }
  const segment = path.split('/').filter((s) => s !== '').at(-1) ?? '';
  try {
    return decodeURIComponent(segment).toLowerCase();
  } catch {
    return segment.toLowerCase();
  }
}

/**
 * Whether an address is one the author named. Names never count: anyone can type the author's
 * name into WordPress or Disqus, and an account's name proves nothing about who holds it.
 */
export function isAuthorEmail(email: string | null, options: ImportOptions): boolean {
  const fold = (s: string) => s.trim().toLowerCase();
  return email !== null && email.trim() !== '' && options.authorEmails.some((a) => fold(a) === fold(email));
}

/**
 * Drops repeated ids, detaches replies whose parent is missing, on another issue or in a cycle,
 * and orders the comments oldest first with every parent before its replies.
 */
export function finishImport(comments: ImportedComment[], warnings: string[]): ImportResult {
  const byId = new Map<string, ImportedComment>();
  for (const comment of comments) {
    if (byId.has(comment.externalId)) warnings.push(`line ${comment.line}: comment ${comment.externalId} appears twice; kept the first`);
    else byId.set(comment.externalId, comment);
  }
  for (const comment of byId.values()) {
    const parent = comment.parentExternalId === null ? undefined : byId.get(comment.parentExternalId);
    if (comment.parentExternalId !== null && parent?.issueSlug !== comment.issueSlug) {
      warnings.push(`line ${comment.line}: comment ${comment.externalId} replies to ${comment.parentExternalId}, which is not in the file; imported as a top-level comment`);
      comment.parentExternalId = null;
    }
  }
  const byAge = [...byId.values()].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  const placed = new Set<string>();
  const ordered: ImportedComment[] = [];
  for (const comment of byAge) {
    // Walk up to the first placed ancestor, then place the chain top-down.
    const chain: ImportedComment[] = [];
    const onChain = new Set<string>();
    let current: ImportedComment | undefined = comment;
    while (current && !placed.has(current.externalId)) {
      if (onChain.has(current.externalId)) {
        const last = chain.at(-1)!;
        warnings.push(`line ${last.line}: comment ${last.externalId} is part of a reply cycle; imported as a top-level comment`);
        last.parentExternalId = null;
        break;
      }
      chain.push(current);
      onChain.add(current.externalId);
      current = current.parentExternalId === null ? undefined : byId.get(current.parentExternalId);
    }
    for (const link of chain.reverse()) {
      placed.add(link.externalId);
      ordered.push(link);
    }
  }
  return { comments: ordered, warnings };
}

// ---- Comment HTML to Markdown text ---------------------------------------------

const NAMED_ENTITIES = new Map(Object.entries({
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', ndash: '–', mdash: '—', hellip: '…',
  lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', laquo: '«', raquo: '»', bull: '•', middot: '·',
  copy: '©', reg: '®', trade: '™', deg: '°', euro: '€', pound: '£', times: '×', eacute: 'é', egrave: 'è',
  agrave: 'à', ccedil: 'ç', uuml: 'ü', ouml: 'ö', auml: 'ä', szlig: 'ß', ntilde: 'ñ',
}));

/** Decodes HTML character references in one pass; unknown names are left as they are. */
export function decodeEntities(text: string): string {
  return text.replace(/&(?:#(\d{1,7})|#[xX]([\da-fA-F]{1,6})|([a-zA-Z][a-zA-Z\d]{1,31}));/g, (whole, dec?: string, hex?: string, name?: string) => {
    if (name !== undefined) return NAMED_ENTITIES.get(name) ?? whole;
    const code = dec !== undefined ? Number(dec) : parseInt(hex ?? '', 16);
    const valid = code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff);
    return valid ? String.fromCodePoint(code) : '\uFFFD';
  });
}

// Quoted values stop at '<' and '>' so that unterminated markup cannot make the scan quadratic.
const MARKUP = /<!--[\s\S]*?(?:-->|$)|<(\/?)([a-zA-Z][a-zA-Z\d]*)(?![a-zA-Z\d])((?:[^<>"']|"[^"<>]*"|'[^'<>]*')*)>/g;
const BLOCKS = new Set(['p', 'div', 'blockquote', 'pre', 'ul', 'ol', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table', 'tr']);
const INLINE = new Map(Object.entries({ em: '*', i: '*', strong: '**', b: '**', code: '`' }));
const DROPPED = new Set(['script', 'style']);

function safeHref(attributes: string): string | null {
  const match = /\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/i.exec(attributes);
  const href = decodeEntities(match?.[1] ?? match?.[2] ?? match?.[3] ?? '').trim();
  if (!/^(?:https?:\/\/|mailto:)/i.test(href)) return null;
  // Parentheses and spaces would end a Markdown link destination early.
  return href.replace(/[\s()]/g, (c) => (c === '(' ? '%28' : c === ')' ? '%29' : encodeURIComponent(c)));
}

function markdownLink(text: string, href: string | null): string {
  if (href === null) return text;
  if (text.trim() === '' || text.trim() === href) return href;
  return `[${text.replace(/[[\]]/g, '\\$&')}](${href})`;
}

/** Comment HTML as Markdown text: paragraphs, line breaks, links, emphasis and code survive; other tags go. */
export function htmlToMarkdown(html: string): string {
  const out: string[] = [];
  const openLinks: { href: string | null; start: number }[] = [];
  let dropping = 0;
  let last = 0;
  for (const match of html.matchAll(MARKUP)) {
    if (dropping === 0) out.push(decodeEntities(html.slice(last, match.index)));
    last = match.index + match[0].length;
    const name = match[2]?.toLowerCase();
    if (name === undefined) continue; // an HTML comment
    const closing = match[1] === '/';
    if (DROPPED.has(name)) dropping = Math.max(0, dropping + (closing ? -1 : 1));
    if (dropping > 0 || DROPPED.has(name)) continue;
    if (BLOCKS.has(name)) out.push('\n\n');
    else if (name === 'br' || name === 'li') {
      out.push(closing ? '' : '\n');
      // WordPress keeps the newline it wrote after a <br />; together they are one line break.
      const newline = /^[ \t]*\r?\n/.exec(html.slice(last, last + 64));
      if (name === 'br' && newline) last += newline[0].length;
    }
    else if (INLINE.has(name)) out.push(INLINE.get(name)!);
    else if (name === 'a' && !closing) openLinks.push({ href: safeHref(match[3] ?? ''), start: out.length });
    else if (name === 'a' && openLinks.length > 0) {
      const link = openLinks.pop()!;
      out.push(markdownLink(out.splice(link.start).join(''), link.href));
    }
  }
  if (dropping === 0) out.push(decodeEntities(html.slice(last)));
  return out
    .join('')
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t\f\v\u00a0]+/g, ' ')
    .replace(/ ?\n ?/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
