// The one logger configuration, for the server (server.mjs) and the app (lib/log.ts): pino JSON
// lines on stdout with an ISO time, the level as a word and the service name.
import pino from 'pino';

export function createLogger(level = process.env.LOG_LEVEL || 'info') {
  return pino({
    level,
    base: { service: 'masthead' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  });
}
