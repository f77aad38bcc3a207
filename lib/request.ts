import { err, ok, type Result } from './result';

/**
 * The reader's address. scripts/server.mjs (behind `npm start`) replaces X-Forwarded-For with the
 * socket's peer, or with TRUST_PROXY appends the peer to the proxies' chain; so the last entry is
 * the peer and with `trustedProxies` proxies in front we step back that many hops. Entries a
 * client wrote itself are never trusted.
 */
export function clientIp(headers: Pick<Headers, 'get'>, trustedProxies = 0): string {
  const chain = (headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return chain[Math.max(0, chain.length - 1 - trustedProxies)] ?? 'unknown';
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

/** Reads a form or JSON body of at most `maxBytes`, whatever Content-Length claims. */
export async function readBody(request: Request, maxBytes: number): Promise<Result<Record<string, unknown>, BodyError>> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > maxBytes) return err('too-large');
  const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded' && type !== 'application/json' && type !== 'multipart/form-data') {
    return err('unsupported');
  }
  const reader = request.body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (reader) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return err('too-large');
    }
    chunks.push(value);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    if (type === 'application/json') {
      const data: unknown = JSON.parse(text);
      return data && typeof data === 'object' && !Array.isArray(data) ? ok(data as Record<string, unknown>) : err('invalid');
    }
    if (type === 'multipart/form-data') {
      const form = await new Response(text, { headers: { 'content-type': request.headers.get('content-type')! } }).formData();
      return ok(Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === 'string')));
    }
    return ok(Object.fromEntries(new URLSearchParams(text)));
  } catch {
    return err('invalid');
  }
}
