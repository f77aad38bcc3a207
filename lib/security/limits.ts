import 'server-only';
import { getAppSecret } from './secret';
import { retryAfterSeconds, windowStart, type RateLimit } from './rate-limit';
import { countAttempt } from './rate-limit-store';
import { hashWithSalt } from './tokens';

/** IPs are never stored: a salted hash identifies repeat visitors for rate limits and blocks. */
export function hashIp(ip: string): string {
  return hashWithSalt(ip, `${getAppSecret()}:ip`);
}

/**
 * Counts one attempt by this address in `bucket` (in the database, so the limit holds across
 * instances). Returns the seconds to wait when the limit is exceeded, or null when allowed.
 */
export async function exceedsRateLimit(bucket: string, ip: string, limit: RateLimit, now: Date): Promise<number | null> {
  const count = await countAttempt(bucket, hashIp(ip), windowStart(now, limit.windowSeconds));
  return count > limit.limit ? retryAfterSeconds(now, limit.windowSeconds) : null;
}
