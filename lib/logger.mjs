// The one logger configuration, for the app (lib/log.ts) and the production server
// (scripts/server.mjs, through scripts/logger.mjs): pino JSON lines on stdout with an ISO time, the
// level as a word and the service name. Plain JavaScript, so the server runs it without a compiler.
import pino from 'pino';

export function createLogger(level = process.env.LOG_LEVEL || 'info') {
  return pino({
    level,
    base: { service: 'masthead' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  });
}
