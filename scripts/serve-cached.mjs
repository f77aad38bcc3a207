// Answers a reader from the page cache (./page-cache.mjs) in scripts/server.mjs, without Next: the
// headers Next would send for the page (its own, the security headers, the shared policy and
// Cache-Control), an ETag per encoding with 304 for a matching If-None-Match, the body compressed
// as the reader asked (made once per entry), and no body for HEAD.
import { matchesEtag } from './page-cache-entry.mjs';

// Next's bookkeeping and what this answer sets itself.
const DROPPED = new Set(['x-next-cache-tags', 'content-length', 'content-encoding', 'transfer-encoding', 'connection', 'keep-alive', 'set-cookie', 'cache-control', 'vary', 'etag', 'content-security-policy']);
const entryHeaders = new WeakMap();

/** The entry's own headers (the content type, mostly) as [name, value] pairs, worked out once per entry. */
function headersOf(served) {
  let list = entryHeaders.get(served);
  if (!list) {
    list = [];
    for (const [name, value] of Object.entries(served.headers ?? {})) {
      if (DROPPED.has(name.toLowerCase()) || value === undefined) continue;
      for (const v of Array.isArray(value) ? value : [value]) list.push(name, String(v));
    }
    entryHeaders.set(served, list);
  }
  return list;
}

/**
 * Writes the answer. `fixed` are the headers every cached answer carries (security headers, the
 * policy without a nonce, the shared Cache-Control) as a flat [name, value, …] list.
 */
export function sendCached(req, res, { served, body, encoding }, { fixed, requestId, close }) {
  const etag = served.etags[encoding];
  const headers = ['x-request-id', requestId, ...fixed, 'etag', etag, 'x-masthead-cache', 'hit'];
  if (served.compressible) headers.push('vary', 'Accept-Encoding');
  if (close) headers.push('connection', 'close');
  if (matchesEtag(req.headers['if-none-match'], [served.etags.identity, served.etags.gzip, served.etags.br])) {
    res.writeHead(304, headers);
    res.end();
    return 304;
  }
  headers.push(...headersOf(served), 'content-length', String(body.length));
  if (encoding !== 'identity') headers.push('content-encoding', encoding);
  res.writeHead(200, headers);
  if (req.method === 'HEAD') res.end();
  else res.end(body);
  return 200;
}
