// The page cache's and the access log's settings, read by scripts/server.mjs (which applies them)
// and lib/env.ts (which refuses a malformed value at start), so the rules are written once.

export const PAGE_CACHE_DEFAULTS = { REDIS_PREFIX: 'masthead:', PAGE_CACHE_MB: 50 };
const PREFIX = /^[\w:.-]{1,64}$/;

/** REDIS_URL, REDIS_PREFIX and PAGE_CACHE_MB, or the first problem with one of them. */
export function parsePageCacheSettings(env) {
  const url = env.REDIS_URL?.trim() || null;
  if (url !== null) {
    let parsed = null;
    try {
      parsed = new URL(url);
    } catch {
      // reported below
    }
    if (!parsed || (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:')) {
      return { ok: false, variable: 'REDIS_URL', error: 'must be a redis:// or rediss:// address, e.g. redis://127.0.0.1:6379' };
    }
  }
  const prefix = env.REDIS_PREFIX?.trim() || PAGE_CACHE_DEFAULTS.REDIS_PREFIX;
  if (!PREFIX.test(prefix)) return { ok: false, variable: 'REDIS_PREFIX', error: 'must be 1 to 64 letters, digits or _ : . -' };
  const megabytes = env.PAGE_CACHE_MB?.trim() ? Number(env.PAGE_CACHE_MB) : PAGE_CACHE_DEFAULTS.PAGE_CACHE_MB;
  if (!Number.isInteger(megabytes) || megabytes < 1 || megabytes > 4096) return { ok: false, variable: 'PAGE_CACHE_MB', error: 'must be a whole number of megabytes from 1 to 4096' };
  return { ok: true, redisUrl: url, prefix, maxBytes: megabytes * 1024 * 1024 };
}

/**
 * ACCESS_LOG: `on` (a line per request, the default), `off` (errors only) or `sample:N` (one
 * request in N, and every error). Answers with 500 or more are always logged.
 */
export function parseAccessLog(value) {
  const spec = value?.trim() || 'on';
  if (spec === 'on') return { ok: true, every: 1 };
  if (spec === 'off') return { ok: true, every: 0 };
  const n = spec.startsWith('sample:') ? Number(spec.slice('sample:'.length)) : NaN;
  if (Number.isInteger(n) && n >= 1 && n <= 1_000_000) return { ok: true, every: n };
  return { ok: false, variable: 'ACCESS_LOG', error: 'must be on, off or sample:N (one request in N, N from 1 to 1000000)' };
}
