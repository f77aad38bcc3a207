import { getLogLevel } from './env';
import { createLogger } from './logger.mjs';
import { processSlot } from './process-slots.mjs';

/**
 * Structured JSON logs (pino), one line per event on stdout. Inside a request served by
 * scripts/server.mjs each line carries that request's id (`reqId`), which the access log line and
 * the `X-Request-Id` response header carry too, so one reader's trouble can be followed end to end.
 */
const logger = createLogger(getLogLevel());

type RequestStore = { requestId: string };
const requestContext = processSlot<{ getStore(): RequestStore | undefined }>('requestContext');

function currentRequestId(): string | undefined {
  const als = requestContext.get();
  return als?.getStore()?.requestId;
}

// Errors become their name, message and code (plus the stack for operators); never the raw object.
function plain(value: unknown): unknown {
  if (!(value instanceof Error)) return value;
  const e = value as Error & { code?: unknown };
  return { name: e.name, message: e.message, ...(e.code !== undefined ? { code: e.code } : {}), stack: e.stack };
}

export function logEvent(level: 'info' | 'warn' | 'error', event: string, context: Record<string, unknown> = {}): void {
  const fields: Record<string, unknown> = { event };
  const reqId = currentRequestId();
  if (reqId) fields.reqId = reqId;
  for (const [k, v] of Object.entries(context)) fields[k] = plain(v);
  logger[level](fields);
}
