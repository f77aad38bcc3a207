import type { Result } from '@/lib/result';

/** A parsed limit: at most `limit` attempts per fixed window of `windowSeconds`. */
export interface RateLimit {
  limit: number;
  windowSeconds: number;
}

const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86_400 } as const;
// `(?:count\s*)?`, not `count?\s*`: two `\s*` side by side backtrack quadratically.
const SPEC = /^(\d{1,9})\s*\/\s*(?:(\d{1,9})\s*)?([smhd])$/;
// A window longer than a year is a typo, and keeps window arithmetic far inside safe integers.
const MAX_WINDOW_SECONDS = 366 * 86_400;

/**
 * Parses a limit as written in configuration: `5/10m`, `100/1h`, `3/30s`,
 * `10/1d` (a missing count means one unit: `60/m`), or `off`.
 */
export function parseRateLimit(spec: string): Result<RateLimit | 'off', 'invalid'> {
  const text = spec.trim().toLowerCase();
  if (text === 'off') return { ok: true, value: 'off' };
  const m = SPEC.exec(text);
  if (!m) return { ok: false, error: 'invalid' };
  const limit = Number(m[1]);
  const windowSeconds = Number(m[2] ?? 1) * UNIT_SECONDS[m[3] as keyof typeof UNIT_SECONDS];
  // `0/…` would block everything; switching a limit off is spelled `off`.
  if (limit < 1 || windowSeconds < 1 || windowSeconds > MAX_WINDOW_SECONDS) return { ok: false, error: 'invalid' };
  return { ok: true, value: { limit, windowSeconds } };
}

/** The start of the fixed window holding `now`; windows are aligned to the Unix epoch so every instance agrees. */
export function windowStart(now: Date, windowSeconds: number): Date {
  const size = windowMs(windowSeconds);
  return new Date(Math.floor(now.getTime() / size) * size);
}

/** Whole seconds until the window holding `now` ends, at least 1: the value of a Retry-After header. */
export function retryAfterSeconds(now: Date, windowSeconds: number): number {
  const end = windowStart(now, windowSeconds).getTime() + windowMs(windowSeconds);
  return Math.max(1, Math.ceil((end - now.getTime()) / 1000));
}

function windowMs(windowSeconds: number): number {
  if (!Number.isInteger(windowSeconds) || windowSeconds < 1) {
    throw new RangeError(`windowSeconds must be a positive whole number, got ${windowSeconds}`);
  }
  return windowSeconds * 1000;
}
