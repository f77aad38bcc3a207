import 'server-only';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { logEvent } from '../log';
import { processSingleton, processSlot } from '../process-slots.mjs';

/**
 * Refreshing Next's stored pages (revalidatePath) only works inside a request Next is handling,
 * and a publish may be applied outside one: by the timer that notices another instance's publish,
 * or at start. So the process asks itself: a POST to its own /api/publish/refresh, carrying a
 * random key that never leaves the process. scripts/server.mjs records the address it listens on;
 * without it (`next dev`, a script, a test) there are no stored pages to refresh.
 */
const serverUrl = processSlot<string>('serverUrl');
const key = processSingleton('refreshKey', () => randomBytes(32).toString('hex'));

export const REFRESH_HEADER = 'x-masthead-refresh-key';

export function isRefreshKey(given: string | null): boolean {
  if (!given || given.length !== key.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(key));
}

/** `['*']` refreshes every page. Resolves once Next has marked them stale (the next reader gets a fresh copy). */
export async function refreshPages(paths: string[]): Promise<void> {
  const url = serverUrl.get();
  if (!url || paths.length === 0) return;
  try {
    const res = await fetch(`${url}/api/publish/refresh`, {
      method: 'POST',
      headers: { [REFRESH_HEADER]: key, 'content-type': 'application/json' },
      body: JSON.stringify({ paths }),
      signal: AbortSignal.timeout(30_000),
    });
    if (!res.ok) logEvent('error', 'publish.refresh-failed', { status: res.status });
  } catch (error) {
    logEvent('error', 'publish.refresh-failed', { error });
  }
}
