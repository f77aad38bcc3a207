// How long the server waits for a slow client, and how many it holds at once. Shared by
// scripts/server.mjs (which applies them) and lib/env.ts (which checks them at start), so the
// defaults are written once. Slow clients that trickle bytes (slowloris) are cut off by the header
// and whole-request deadlines, not by the idle timeout, which a byte every few seconds resets.
export const SERVER_LIMIT_DEFAULTS = {
  /** The request line and headers must arrive within this (Node's headersTimeout). */
  HEADERS_TIMEOUT_SECONDS: 10,
  /** The whole request, body included, must arrive within this (Node's requestTimeout). */
  REQUEST_TIMEOUT_SECONDS: 30,
  /** A socket with no traffic either way for this long is closed (between keep-alive requests: 65 s). */
  IDLE_TIMEOUT_SECONDS: 30,
  /** Connections held at once; further ones are closed at once (a proxy in front queues them). */
  MAX_CONNECTIONS: 1000,
};

/** The limits as numbers from an environment (lib/env.ts has already refused malformed values). */
export function serverLimits(env) {
  const read = (name) => Number(env[name] || SERVER_LIMIT_DEFAULTS[name]);
  return {
    headersTimeoutMs: read('HEADERS_TIMEOUT_SECONDS') * 1000,
    requestTimeoutMs: read('REQUEST_TIMEOUT_SECONDS') * 1000,
    idleTimeoutMs: read('IDLE_TIMEOUT_SECONDS') * 1000,
    maxConnections: read('MAX_CONNECTIONS'),
  };
}
