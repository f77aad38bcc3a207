import { err, ok, type Result } from './result';

/**
 * The reader's address. scripts/server.mjs (behind `npm start`) works it out from the socket and,
 * only when the socket's peer is a proxy listed in TRUST_PROXY, from that proxy's X-Forwarded-For
 * (lib/trust-proxy.mjs); it then replaces X-Forwarded-For with that one address. An address a
 * client wrote itself never gets here.
 */
export function clientIp(headers: Pick<Headers, 'get'>): string {
  const chain = (headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return chain.at(-1) ?? 'unknown';
}

/** Cookies from a Cookie header. */
export function parseCookies(header: string | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (!name || name in out) continue;
    try {
      out[name] = decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      out[name] = part.slice(eq + 1).trim();
    }
  }
  return out;
}

/**
 * CSRF defence for state-changing requests: a browser always names the page's origin; a
 * request from another site is refused. Tools that send no Origin (curl) cannot carry a
 * victim's cookies, so they are let through to the normal checks.
 */
export function isSameOrigin(request: Request, siteUrl: string): boolean {
  const origin = request.headers.get('origin');
  const fetchSite = request.headers.get('sec-fetch-site');
  if (fetchSite === 'cross-site') return false;
  if (!origin) return true;
  if (origin === 'null') return false;
  const allowed = new Set([new URL(siteUrl).origin]);
  const host = request.headers.get('host');
  if (host) {
    allowed.add(`http://${host}`);
    allowed.add(`https://${host}`);
  }
  return allowed.has(origin);
}

/** Whether the caller asked for JSON (the comment script) rather than a page (a plain form). */
export function wantsJson(request: Request): boolean {
  return (request.headers.get('accept') ?? '').includes('application/json');
}

export type BodyError = 'too-large' | 'unsupported' | 'invalid';

/**
 * The raw bytes of a body, at most `maxBytes`, whatever the framing: Content-Length is only a
 * shortcut for refusing early, a chunked body is counted as it arrives and the read stops at the
 * first byte over the cap (scripts/server.mjs then discards what still arrives for a moment and closes).
 */
export async function readBytes(request: Request, maxBytes: number): Promise<Result<Buffer, 'too-large'>> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  const reader = request.body?.getReader();
  if (declared > maxBytes) {
    reader?.releaseLock();
    return err('too-large');
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (reader) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      // Stop reading, but don't cancel: cancelling destroys the request and with it the socket, so
      // the client would see a reset instead of our 413. The server discards the rest and closes.
      reader.releaseLock();
      return err('too-large');
    }
    chunks.push(value);
  }
  return ok(Buffer.concat(chunks));
}

const BODY_TYPES = new Set(['application/x-www-form-urlencoded', 'application/json', 'multipart/form-data']);

/**
 * Reads a form or JSON body of at most `maxBytes` (every route reads its body through here).
 * Multipart is capped first and parsed after, by the platform's own parser: the caps are small
 * (20 MB at most, for the author's CSV import), so holding the capped bytes costs less than a
 * streaming parser (busboy) as a dependency would. With `files`, uploaded files become their text.
 */
export async function readBody(
  request: Request,
  maxBytes: number,
  options: { files?: boolean } = {},
): Promise<Result<Record<string, unknown>, BodyError>> {
  const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (!BODY_TYPES.has(type)) {
    await request.body?.cancel().catch(() => undefined);
    return err('unsupported');
  }
  const bytes = await readBytes(request, maxBytes);
  if (!bytes.ok) return bytes;
  try {
    if (type === 'application/json') {
      const data: unknown = JSON.parse(bytes.value.toString('utf8'));
      return data && typeof data === 'object' && !Array.isArray(data) ? ok(data as Record<string, unknown>) : err('invalid');
    }
    if (type === 'multipart/form-data') {
      const form = await new Response(new Uint8Array(bytes.value), { headers: { 'content-type': request.headers.get('content-type')! } }).formData();
      const fields: Record<string, unknown> = {};
      for (const [name, value] of form.entries()) {
        if (typeof value === 'string') fields[name] = value;
        else if (options.files) fields[name] = await value.text();
      }
      return ok(fields);
    }
    return ok(Object.fromEntries(new URLSearchParams(bytes.value.toString('utf8'))));
  } catch {
    return err('invalid');
  }
}
