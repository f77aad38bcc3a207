import 'server-only';
import { getDatabaseKind } from './db/client';
import { isDatabaseUnavailable } from './db/errors';
import { pingDatabase } from './db/health-repository';
import { logEvent } from './log';
import { processSlot } from './process-slots.mjs';

export type Health = {
  status: 'ok' | 'unavailable' | 'draining';
  database: { kind: string; status: 'ok' | 'unreachable' | 'error'; ms: number };
  uptimeSeconds: number;
};

const draining = processSlot<boolean>('draining');

/**
 * The app's state for a load balancer: the database answers a trivial query within `timeoutMs`,
 * and the process is not shutting down (scripts/server.mjs marks it draining on SIGTERM, so the
 * balancer stops sending it new readers while it finishes the ones it has).
 */
export async function checkHealth(timeoutMs = 2_000): Promise<Health> {
  const started = performance.now();
  let database: Health['database']['status'] = 'ok';
  try {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(Object.assign(new Error('health check timed out'), { code: 'ETIMEDOUT' })), timeoutMs);
    });
    try {
      await Promise.race([pingDatabase(), timeout]);
    } finally {
      clearTimeout(timer);
    }
  } catch (error) {
    database = isDatabaseUnavailable(error) ? 'unreachable' : 'error';
    logEvent('warn', 'health.database', { error });
  }
  const isDraining = draining.get() === true;
  return {
    status: isDraining ? 'draining' : database === 'ok' ? 'ok' : 'unavailable',
    database: { kind: getDatabaseKind(), status: database, ms: Math.round(performance.now() - started) },
    uptimeSeconds: Math.round(process.uptime()),
  };
}
