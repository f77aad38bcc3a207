import { XMLParser } from 'fast-xml-parser';
import { err, ok, type Result } from '@/lib/result';

// Reading WordPress (WXR) and Disqus exports: the XML parser's safe setup and the field readers.

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
