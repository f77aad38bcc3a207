// TRUST_PROXY: which socket peers are proxies whose X-Forwarded-For (and X-Request-Id) is believed,
// as Express's `trust proxy` takes it: addresses, CIDR ranges and proxy-addr's keywords (loopback,
// linklocal, uniquelocal), comma-separated. Unset: nobody, the app faces readers directly. Plain
// JavaScript so that scripts/server.mjs uses it without a build, and lib/env.ts checks it at start.
import proxyaddr from 'proxy-addr';

const NOBODY = () => false;

/**
 * Parses TRUST_PROXY. A bare number was the old hop count: "trust whoever connects, N hops deep",
 * which let anyone reaching the app directly choose their address. It cannot be mapped to
 * addresses safely, so it is refused with what to write instead (0 meant "nobody" and still does).
 */
export function parseTrustProxy(value) {
  const text = (value ?? '').trim();
  if (text === '' || text === '0') return { ok: true, trust: NOBODY };
  if (/^\d+$/.test(text)) {
    return { ok: false, error: `is a hop count (${text}); list the proxies' addresses instead, e.g. TRUST_PROXY=loopback for nginx on this machine or TRUST_PROXY=10.0.0.5,10.0.1.0/24 for proxies on other hosts` };
  }
  const entries = text.split(',').map((s) => s.trim()).filter(Boolean);
  try {
    return { ok: true, trust: proxyaddr.compile(entries) };
  } catch (error) {
    return { ok: false, error: `must be a comma-separated list of addresses, CIDR ranges or loopback/linklocal/uniquelocal (${error.message})` };
  }
}

/** The client of `req`: the socket's peer, or behind trusted proxies the first untrusted hop from the right. */
export function clientAddress(req, trust) {
  return proxyaddr(req, trust);
}

/** Whether the socket's peer itself is a trusted proxy (its X-Request-Id is kept). */
export function peerIsTrusted(req, trust) {
  const peer = req.socket.remoteAddress;
  return !!peer && trust(peer, 0);
}
