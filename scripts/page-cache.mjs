// The page cache: Next's stored responses (ISR, filled and invalidated through ./cache-handler.mjs)
// held in this process's memory, bounded by bytes and least recently used first out, and shared
// through Redis when REDIS_URL is set (./page-cache-redis.mjs). scripts/server.mjs answers a
// reader's GET from it before Next sees the request (`lookup`), with the page compressed once per
// entry (gzip and brotli) and an ETag.
//
// One per process, in a globalThis slot: Next imports the cache handler on its own, and in the
// standalone build the handler and server.mjs load two copies of this file.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { entryTags, isCompressible, isServable, pathOfKey, tagState, withinRevalidate } from './page-cache-entry.mjs';
import { processSlot } from './process-slots.mjs';
import { createRedisBackend } from './page-cache-redis.mjs';
import { parsePageCacheSettings } from './page-cache-settings.mjs';

const slot = processSlot('pageCache');
const gzip = promisify(zlib.gzip);
const brotli = promisify(zlib.brotliCompress);
// Measured on a 72 KB issue page: gzip 6 makes 21.5 KB in 2.6 ms, brotli 5 20.3 KB in 4 ms
// (brotli 11: 17.9 KB in 260 ms, which every re-render would pay). Off the event loop (zlib's pool).
const GZIP = { level: 6 };
const brotliOptions = (size) => ({ params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: size, [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT } });
// A render started this long before its set() is not trusted to have started then (see `set`).
const RENDER_WINDOW_MS = 30_000;

/** The process's page cache, made on first use by `create`. */
export function pageCache(create = () => openPageCache()) {
  if (slot.get() === undefined) slot.set(create());
  return slot.get();
}

/**
 * A page cache with the settings of the environment (./page-cache-settings.mjs, checked at start):
 * shared through Redis when REDIS_URL is set, in a production server only (`next build`'s workers
 * and `next dev` keep what they render to themselves). Entries are kept under the build's id, so two builds
 * sharing one Redis never serve each other's pages.
 */
export function openPageCache({ env = process.env, distDir = null, log = null, serving = env.NODE_ENV === 'production' && env.NEXT_PHASE !== 'phase-production-build' } = {}) {
  const settings = parsePageCacheSettings(env);
  if (!settings.ok) throw new Error(`Invalid environment variable ${settings.variable}: ${settings.error}`);
  // Only a production server shares (scripts/server.mjs says so): `next build` and `next dev` never read or invalidate Redis.
  const buildId = distDir ? readBuildId(distDir) : 'unbuilt';
  const backend = settings.redisUrl && serving ? createRedisBackend({ url: settings.redisUrl, prefix: settings.prefix, buildId, log }) : null;
  return new PageCache({ maxBytes: settings.maxBytes, backend, log });
}

function readBuildId(distDir) {
  try {
    return readFileSync(path.join(distDir, 'BUILD_ID'), 'utf8').trim();
  } catch {
    return 'unbuilt';
  }
}

export class PageCache {
  /** @param {{ maxBytes?: number, backend?: any, log?: any }} [options] */
  constructor({ maxBytes = 50 * 1024 * 1024, backend = null, log = null } = {}) {
    this.maxBytes = maxBytes;
    this.bytes = 0;
    this.entries = new Map(); // storage key → entry, least recently used first
    this.byPath = new Map(); // request path → storage key, for route handler entries
    this.manifest = new Map(); // tag → { stale?, expired? } (ms)
    this.renders = new Map(); // storage key → when Next last found it missing or stale
    this.log = log;
    this.backend = backend;
    backend?.attach(this);
  }

  /** What the cache handler returns to Next: the stored record, or null when it is missing or invalidated. */
  async get(key) {
    const entry = this.entries.get(key);
    let record = entry ? this.#checked(key, entry.record, entry.tags) : null;
    // Missing here, or due for a render: another instance may have stored a newer one.
    if ((!record || !withinRevalidate(record)) && this.backend?.synced) {
      const remote = await this.backend.getRecord(key);
      const checked = remote && remote.lastModified > (record?.lastModified ?? -Infinity) ? this.#checked(key, remote, entryTags(remote.value)) : null;
      if (checked) {
        record = checked;
        this.#put(key, remote);
      }
    }
    if (!record || !withinRevalidate(record)) this.renders.set(key, Date.now());
    return record;
  }

  /**
   * Stores what Next rendered. Its time is when Next found the entry missing or stale, i.e. about
   * when the render read its data: an invalidation that lands during the render then expires the
   * new entry too, rather than a page rendered before a comment passing for one rendered after it.
   */
  async set(key, value, cacheControl) {
    const asked = this.renders.get(key);
    this.renders.delete(key);
    const now = Date.now();
    const lastModified = asked !== undefined && now - asked < RENDER_WINDOW_MS ? asked : now;
    const record = { value, lastModified, cacheControl };
    this.#put(key, record);
    this.backend?.setRecord(key, record);
  }

  /** Next's revalidateTag/revalidatePath: expires (or, with durations, marks stale) every entry with one of the tags, everywhere. */
  async revalidateTag(tags, durations) {
    const now = Date.now();
    const marks = {};
    for (const tag of typeof tags === 'string' ? [tags] : tags) {
      marks[tag] = durations ? { stale: now, ...(durations.expire !== undefined ? { expired: now + durations.expire * 1000 } : {}) } : { expired: now };
    }
    this.applyMarks(marks);
    this.backend?.publishMarks(marks);
  }

  /** Takes invalidations (this process's or another instance's) into the manifest and drops what they expire. */
  applyMarks(marks) {
    for (const [tag, mark] of Object.entries(marks)) {
      const known = this.manifest.get(tag) ?? {};
      this.manifest.set(tag, {
        ...(mark.stale !== undefined || known.stale !== undefined ? { stale: Math.max(mark.stale ?? 0, known.stale ?? 0) } : {}),
        ...(mark.expired !== undefined || known.expired !== undefined ? { expired: Math.max(mark.expired ?? 0, known.expired ?? 0) } : {}),
      });
    }
    for (const [key, entry] of this.entries) {
      if (tagState(entry.tags, entry.record.lastModified, this.manifest) === 'expired') this.#drop(key);
    }
  }

  /** Forgets every entry (after Redis came back: this process may have missed invalidations meanwhile). */
  clear() {
    for (const key of [...this.entries.keys()]) this.#drop(key);
  }

  /**
   * The stored page server.mjs may send for a path itself, in the encoding asked for: fresh (within
   * its revalidate time and not invalidated), a 200 without cookies, and compressed already when
   * compression is asked for. Otherwise null, and Next answers (rendering anew when it must).
   */
  lookup(pathname, encoding) {
    const key = this.byPath.get(pathname);
    const entry = key === undefined ? undefined : this.entries.get(key);
    if (!entry?.served) return null;
    const { record } = entry;
    if (!withinRevalidate(record) || tagState(entry.tags, record.lastModified, this.manifest) !== 'fresh') return null;
    const body = entry.served.compressible ? entry.served[encoding] : entry.served.identity;
    if (!body) return null;
    this.entries.delete(key); // most recently used goes last
    this.entries.set(key, entry);
    return { served: entry.served, body, encoding: entry.served.compressible ? encoding : 'identity' };
  }

  get size() {
    return this.entries.size;
  }

  /** Lets go of Redis (at shutdown). */
  async close() {
    await this.backend?.close();
  }

  #checked(key, record, tags) {
    const state = tagState(tags, record.lastModified, this.manifest);
    if (state === 'expired') {
      if (this.entries.get(key)?.record === record) this.#drop(key);
      return null;
    }
    // Stale by a tag: Next serves it and renders anew behind (its background revalidation).
    return state === 'stale' ? { ...record, lastModified: -1 } : record;
  }

  #put(key, record) {
    const previous = this.entries.get(key);
    if (previous) this.#drop(key);
    const value = record.value;
    // Next's body is a Buffer already: the record and the bytes served share it (no second copy).
    const body = value && 'body' in value && value.body ? (Buffer.isBuffer(value.body) ? value.body : Buffer.from(value.body)) : null;
    const entry = { record, tags: entryTags(value), size: body?.length ?? 1024, served: null };
    this.entries.set(key, entry);
    this.bytes += entry.size;
    const pathname = pathOfKey(key);
    if (pathname !== null && body && isServable(value)) {
      this.byPath.set(pathname, key);
      void this.#prepare(key, entry, body, previous?.served).catch((error) => this.log?.warn({ err: error, key }, 'page cache: compressing failed'));
    }
    this.#evict();
  }

  /** The bytes server.mjs sends: the body, its gzip and brotli forms (made once; reused when a re-render made the same bytes) and the ETag. */
  async #prepare(key, entry, body, previous) {
    const headers = entry.record.value.headers ?? {};
    const hash = createHash('sha256').update(body).digest('base64url').slice(0, 27);
    const contentType = String(headers['content-type'] ?? '');
    const compressible = isCompressible(contentType);
    let served;
    if (previous?.hash === hash) served = { ...previous, headers };
    else {
      const [gz, br] = compressible ? await Promise.all([gzip(body, GZIP), brotli(body, brotliOptions(body.length))]) : [null, null];
      served = { hash, headers, compressible, identity: body, gzip: gz, br, etags: { identity: `"${hash}"`, gzip: `"${hash}-gz"`, br: `"${hash}-br"` } };
    }
    if (this.entries.get(key) !== entry) return; // replaced or dropped meanwhile
    entry.served = served;
    const extra = (served.gzip?.length ?? 0) + (served.br?.length ?? 0);
    entry.size += extra;
    this.bytes += extra;
    this.#evict();
  }

  #evict() {
    for (const key of this.entries.keys()) {
      if (this.bytes <= this.maxBytes) break;
      this.#drop(key);
    }
  }

  #drop(key) {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= entry.size;
    const pathname = pathOfKey(key);
    if (pathname !== null && this.byPath.get(pathname) === key) this.byPath.delete(pathname);
  }
}
