/**
 * Whether an error means "the database cannot be reached right now" (down, restarting, network cut,
 * connection pool timed out), as opposed to a bug or a bad query. Callers answer 503 with
 * Retry-After for these: the request may well succeed in a few seconds, with no restart.
 */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
// PostgreSQL SQLSTATEs: connection exceptions (08…), shutting down / starting up (57P01–57P03), too many connections.
const SQLSTATES = /^(08\d{3}|57P0[1-3]|53300)$/;
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
const ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections', 'DatabaseDoesNotExist']);
const MESSAGES = /ECONNREFUSED|ECONNRESET|connection terminated|timeout exceeded when trying to connect|terminating connection|the database system is (starting up|shutting down)|Connection refused|Can't reach database server|Client has encountered a connection error/i;

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 5) return false;
  const e = error as { code?: unknown; message?: unknown; cause?: unknown; meta?: { driverAdapterError?: { cause?: { kind?: string; originalCode?: string } } }; kind?: unknown; errors?: unknown };
  if (typeof e.code === 'string' && (NETWORK_CODES.has(e.code) || SQLSTATES.test(e.code) || PRISMA_CODES.has(e.code))) return true;
  const adapter = e.meta?.driverAdapterError?.cause;
  if (adapter && (ADAPTER_KINDS.has(adapter.kind ?? '') || SQLSTATES.test(adapter.originalCode ?? ''))) return true;
  if (typeof e.kind === 'string' && ADAPTER_KINDS.has(e.kind)) return true;
  if (typeof e.message === 'string' && MESSAGES.test(e.message)) return true;
  if (Array.isArray(e.errors) && e.errors.some((inner) => isDatabaseUnavailable(inner, depth + 1))) return true; // AggregateError
  return isDatabaseUnavailable(e.cause, depth + 1);
}

/** A write refused by a unique index (Prisma's P2002, or the driver adapter's own report of it). */
export function isUniqueViolation(e: unknown): boolean {
  const error = e as { code?: string; meta?: { driverAdapterError?: { cause?: { kind?: string } } } };
  return error.code === 'P2002' || error.meta?.driverAdapterError?.cause?.kind === 'UniqueConstraintViolation';
}
