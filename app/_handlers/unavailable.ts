// Answers for when the database cannot be reached: 503 with Retry-After, never a stack trace.
import { renderMessagePage } from '@/components/ui/message-page';
import { isDatabaseUnavailable } from '@/lib/db/errors';
import { htmlResponse, jsonResponse } from '@/lib/http';
import { logEvent } from '@/lib/log';
import { wantsJson } from '@/lib/request';
import { getSiteInfo } from '@/lib/site';

export const RETRY_AFTER_SECONDS = 10;

export function unavailable(request: Request): Response {
  const headers = { 'retry-after': String(RETRY_AFTER_SECONDS), 'cache-control': 'no-store' };
  if (wantsJson(request)) return jsonResponse({ error: 'unavailable', message: 'The site cannot save or load this right now. Please try again in a few seconds.' }, 503, headers);
  return htmlResponse(
    renderMessagePage(getSiteInfo(), { title: 'Back in a moment', message: 'This part of the site cannot reach its database right now. Nothing you sent was saved; please try again in a few seconds. Issues can still be read.' }),
    503,
    headers,
  );
}

/** Wraps a route that needs the database: an outage becomes a 503 with Retry-After, anything else stays an error. */
export function withDatabase<A extends [Request, ...unknown[]]>(handler: (...args: A) => Response | Promise<Response>): (...args: A) => Promise<Response> {
  return async (...args: A) => {
    try {
      return await handler(...args);
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      logEvent('warn', 'database.unavailable', { path: new URL(args[0].url).pathname, error });
      return unavailable(args[0]);
    }
  };
}
