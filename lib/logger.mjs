// The one logger configuration, for the app (lib/log.ts) and the production server
// (scripts/server.mjs, through scripts/logger.mjs): pino JSON lines on stdout with an ISO time, the
// level as a word and the service name. Plain JavaScript, so the server runs it without a compiler.
import pino from 'pino';

/**
 * `level` is LOG_LEVEL as its reader found it (lib/env.ts for the app, scripts/server.mjs for the
 * server): this module reads no environment. `async`: lines are written by pino's asynchronous destination (sonic-boom), batched while a write
 * is under way, so a request never waits on stdout; `flush` writes out what is left. The server's
 * access log uses it; the app's events stay synchronous (few, and wanted in full before a crash).
 */
export function createLogger(level, { async = false } = {}) {
  const options = {
    level,
    base: { service: 'masthead' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  };
  return async ? pino(options, pino.destination({ dest: 1, sync: false })) : pino(options);
}
