import 'server-only';
import { logEvent } from './log';

/**
 * Work done after the response, one pass at a time in this process: `schedule()` starts a pass
 * unless one is running (then it runs once more when that ends); a pass that asks to retry, or
 * throws, is run again after `retryMs` even if nothing schedules it. The work itself lives in the
 * database (outbox rows), so a pass cut short by a crash is finished by the next one.
 */
export function createBackgroundPass(name: string, pass: () => Promise<{ retry: boolean }>, retryMs = 60_000) {
  let running: Promise<void> | null = null;
  let again = false;
  const retryLater = () => setTimeout(schedule, retryMs).unref();
  function schedule(): void {
    if (running) {
      again = true;
      return;
    }
    running = pass()
      .then(({ retry }) => {
        if (retry) retryLater();
      })
      .catch((e) => {
        logEvent('error', `${name}.crashed`, { error: e as Error });
        retryLater();
      })
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          schedule();
        }
      });
  }
  /** Waits for the running pass, and any it scheduled, to finish (tests, scripts, shutdown). */
  async function flush(): Promise<void> {
    while (running) await running;
  }
  return { schedule, flush };
}
