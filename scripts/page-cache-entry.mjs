// The pure parts of the page cache (./page-cache.mjs): what an entry is, when it is fresh, which
// stored page a request path names, the encoding a reader accepts, and an entry's bytes in Redis.
// No I/O here: the unit tests run each function alone (tests/unit/page-cache-entry.test.ts).

/** The header Next records an entry's cache tags in (explicit and implicit `_N_T_/…` ones). */
export const TAGS_HEADER = 'x-next-cache-tags';
const ROUTE_KEY = '/route-cache/APP_ROUTE/';

/** The tags of a stored response, from the header Next writes into it. */
export function entryTags(value) {
  const header = value?.headers?.[TAGS_HEADER];
  return typeof header === 'string' && header ? header.split(',') : [];
}

/**
 * The request path a route handler's storage key stands for, or null for any other kind of entry.
 * Next scopes the key by route (`/route-cache/APP_ROUTE/<hash>/$<page path>`) and writes the page
 * path as normalizePagePath does: `/` is `/index`, and a path starting with `/index` gets another.
 */
export function pathOfKey(key) {
  if (typeof key !== 'string' || !key.startsWith(ROUTE_KEY)) return null;
  const at = key.indexOf('/$/', ROUTE_KEY.length);
  if (at === -1) return null;
  const page = key.slice(at + 2);
  if (page === '/index') return '/';
  return page.startsWith('/index/') ? page.slice('/index'.length) : page;
}

/**
 * Whether a tag manifest (tag → { stale?, expired? } in ms) makes an entry written at
 * `lastModified` expired (never to be served again) or stale (served while it is rendered anew):
 * Next's own rule (tags-manifest.external.js).
 */
export function tagState(tags, lastModified, manifest, now = Date.now()) {
  let stale = false;
  for (const tag of tags) {
    const mark = manifest.get(tag);
    if (!mark) continue;
    if (typeof mark.expired === 'number' && mark.expired > lastModified && mark.expired <= now) return 'expired';
    if (typeof mark.stale === 'number' && mark.stale > lastModified) stale = true;
  }
  return stale ? 'stale' : 'fresh';
}

/** Whether an entry is within its revalidate time (`false`: until invalidated). */
export function withinRevalidate(record, now = Date.now()) {
  const revalidate = record.cacheControl?.revalidate;
  if (revalidate === false) return true;
  const seconds = typeof revalidate === 'number' ? revalidate : 1;
  return now < record.lastModified + seconds * 1000;
}

/** Whether the server may answer with this stored response itself: a 200 of a route handler that sets no cookie. */
export function isServable(value) {
  if (!value || value.kind !== 'APP_ROUTE' || value.status !== 200 || !value.body) return false;
  const headers = value.headers ?? {};
  return !Object.keys(headers).some((k) => k.toLowerCase() === 'set-cookie');
}

const COMPRESSIBLE = /^(?:text\/|application\/(?:xml|json|rss\+xml|atom\+xml|javascript|manifest\+json)|image\/svg\+xml)/;

/** Whether a content type is worth compressing (images other than SVG are compressed already). */
export function isCompressible(contentType) {
  return typeof contentType === 'string' && COMPRESSIBLE.test(contentType.trim().toLowerCase());
}

/**
 * The encoding to send for an Accept-Encoding header: `br`, `gzip` or `identity`. Reads q-values
 * (`br;q=0` refuses brotli; `*` stands for any encoding not named), looks at no more than the
 * first 1,024 characters, and prefers brotli, then gzip, when the reader rates them alike.
 */
export function chooseEncoding(header) {
  if (typeof header !== 'string' || header === '') return 'identity';
  const q = new Map();
  for (const part of header.slice(0, 1024).split(',')) {
    const [rawName, ...params] = part.split(';');
    const name = rawName.trim().toLowerCase();
    if (!name) continue;
    let weight = 1;
    for (const p of params) {
      const [k, v] = p.split('=');
      if (k?.trim().toLowerCase() === 'q') weight = Number.parseFloat(v ?? '');
    }
    if (!Number.isFinite(weight) || weight < 0 || weight > 1) weight = 0;
    if (!q.has(name)) q.set(name, weight);
  }
  const of = (name) => q.get(name) ?? q.get('*') ?? 0;
  const br = of('br');
  const gzip = Math.max(of('gzip'), q.get('x-gzip') ?? 0);
  if (br > 0 && br >= gzip) return 'br';
  if (gzip > 0) return 'gzip';
  return 'identity';
}

const chosen = new Map();
/** chooseEncoding, remembered for the few headers browsers send (at most 256 kept, then forgotten at once). */
export function encodingFor(header) {
  if (typeof header !== 'string' || header.length > 256) return chooseEncoding(header);
  let encoding = chosen.get(header);
  if (encoding === undefined) {
    if (chosen.size >= 256) chosen.clear();
    encoding = chooseEncoding(header);
    chosen.set(header, encoding);
  }
  return encoding;
}

/** Whether an If-None-Match header names one of the entry's ETags (or `*`). Weak comparison, as RFC 9110 asks for GET. */
export function matchesEtag(header, etags) {
  if (typeof header !== 'string' || header === '') return false;
  for (const raw of header.slice(0, 4096).split(',')) {
    const tag = raw.trim();
    if (tag === '*') return true;
    const bare = tag.startsWith('W/') ? tag.slice(2) : tag;
    if (etags.includes(bare)) return true;
  }
  return false;
}

/**
 * A stored response as bytes for Redis: a 4-byte length, the metadata as JSON, then the body.
 * Only route handler responses travel (the pages readers read); Next's React pages stay in memory.
 */
export function encodeRecord(record) {
  const { value } = record;
  if (!value || value.kind !== 'APP_ROUTE') return null;
  const meta = Buffer.from(
    JSON.stringify({ v: 1, lastModified: record.lastModified, cacheControl: record.cacheControl ?? null, status: value.status, headers: value.headers ?? {} }),
  );
  const head = Buffer.alloc(4);
  head.writeUInt32BE(meta.length);
  return Buffer.concat([head, meta, Buffer.from(value.body)]);
}

/** The record `encodeRecord` wrote, or null for bytes that are not one (another version's, or damaged). */
export function decodeRecord(bytes) {
  try {
    if (!Buffer.isBuffer(bytes) || bytes.length < 4) return null;
    const length = bytes.readUInt32BE(0);
    if (length > bytes.length - 4) return null;
    const meta = JSON.parse(bytes.subarray(4, 4 + length).toString('utf8'));
    if (meta?.v !== 1 || typeof meta.lastModified !== 'number' || typeof meta.status !== 'number') return null;
    return {
      lastModified: meta.lastModified,
      cacheControl: meta.cacheControl ?? undefined,
      value: { kind: 'APP_ROUTE', status: meta.status, headers: meta.headers ?? {}, body: Buffer.from(bytes.subarray(4 + length)) },
    };
  } catch {
    return null;
  }
}
