/** Types for ./server-limits.mjs (plain JavaScript, so that server.mjs can load it without a build). */
export const SERVER_LIMIT_DEFAULTS: {
  HEADERS_TIMEOUT_SECONDS: number;
  REQUEST_TIMEOUT_SECONDS: number;
  IDLE_TIMEOUT_SECONDS: number;
  MAX_CONNECTIONS: number;
};
export function serverLimits(env: Record<string, string | undefined>): {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  idleTimeoutMs: number;
  maxConnections: number;
};
