import 'server-only';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { liveSnapshot } from './live';
import { imageVariant } from './image-variants';
import { isOfferedWidth, parseVariantUrl, shortDigest, variantUrl, type VariantRequest } from './markdown/responsive';
import { defaultPaths, describeImage, imageFile } from './repository';

const TYPES: Record<string, string> = {
  '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif',
  '.webp': 'image/webp', '.avif': 'image/avif', '.svg': 'image/svg+xml',
};

// Bytes and their hash, per file of a published version: versions never change once made.
const cache = new Map<string, { bytes: Buffer; etag: string }>();
const CACHE_MAX_FILES = 500;

function notFound(): Response {
  return new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
}

/** An image of the live content (or an AVIF/WebP variant of one): 304 when the reader has it, 404 for anything not an image of ours. */
export async function serveContentImage(request: Request, segments: string[]): Promise<Response> {
  const src = `/images/${segments.join('/')}`;
  const type = TYPES[path.extname(src).toLowerCase()];
  if (!type || segments.some((s) => s === '' || s === '.' || s === '..' || s.includes('\\') || s.includes('\0'))) return notFound();
  const variant = parseVariantUrl(src);
  if (variant) return serveVariant(request, variant);
  const file = imageFile(defaultPaths(liveSnapshot().dir), src);
  if (!file) return notFound();
  let entry = cache.get(file);
  if (!entry) {
    const bytes = readFileSync(file);
    entry = { bytes, etag: `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 27)}"` };
    if (cache.size >= CACHE_MAX_FILES) cache.delete(cache.keys().next().value!);
    cache.set(file, entry);
  }
  const headers: Record<string, string> = { 'content-type': type, etag: entry.etag };
  // An SVG is a document: no script of its own may run even when opened directly.
  if (type === 'image/svg+xml') headers['content-security-policy'] = "default-src 'none'; style-src 'unsafe-inline'; sandbox";
  if (request.headers.get('if-none-match') === entry.etag) return new Response(null, { status: 304, headers });
  return new Response(new Uint8Array(entry.bytes), { headers });
}

/**
 * A variant named by the page: only the widths the page offers. One whose hash is not the live
 * file's (a page cached before the image was replaced) is sent to the current one.
 */
async function serveVariant(request: Request, want: VariantRequest): Promise<Response> {
  const paths = defaultPaths(liveSnapshot().dir);
  const file = imageFile(paths, want.src);
  const source = file ? describeImage(paths, want.src) : null;
  if (!file || !source || !isOfferedWidth(source, want.width)) return notFound();
  if (shortDigest(source.digest) !== want.hash) {
    return new Response(null, { status: 307, headers: { location: variantUrl(want.src, want.width, want.format, source.digest) } });
  }
  const headers = { 'content-type': TYPES[`.${want.format}`]!, etag: `"${shortDigest(source.digest)}-${want.width}-${want.format}"` };
  if (request.headers.get('if-none-match') === headers.etag) return new Response(null, { status: 304, headers });
  try {
    return new Response(new Uint8Array(await imageVariant(file, source.digest, want.width, want.format)), { headers });
  } catch {
    return notFound();
  }
}
