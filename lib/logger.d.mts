/** Types for ./logger.mjs (plain JavaScript, so that server.mjs can load it without a build). */
import type { Logger } from 'pino';
export function createLogger(level: string, options?: { async?: boolean }): Logger;
