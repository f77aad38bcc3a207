import 'server-only';
import type { DeliveryOutcome } from './delivery-repository';
import type { MessageTemplate } from './email-mime';
import type { SendProgress, StopReason, TokenBucket } from './progress';
import { MAX_CONNECTIONS, type Mailer, type SmtpOutcome } from './send-mailer';

export type SendOptions = {
  /** Messages per second at most (token bucket); unlimited when unset. */
  rate?: number;
  /** Render and count who would get it; send nothing, record nothing. */
  dryRun?: boolean;
  /** Send one preview copy to this address; record nothing. */
  testTo?: string;
  /** Called at most every 100 ms, and once at the end. */
  onProgress?: (progress: SendProgress) => void;
  /** Abort: stop claiming, let in-flight messages finish and be recorded, then resolve. */
  signal?: AbortSignal;
  /** Try readers whose delivery failed (4xx after every retry) in an earlier run again. */
  retryFailed?: boolean;
  /** Tries per message on temporary failures, and the first backoff (tests shorten it). */
  retry?: { attempts: number; baseDelayMs: number };
  /** The hold of an issue with `newsletter: true` is over (lib/newsletter/on-publish.ts): send it. */
  released?: boolean;
};

/** One run of the sending engine: what it sends, how, and where it stands. */
export type Run = {
  sendId: number; template: MessageTemplate; siteUrl: string; mailer: Mailer; bucket: TokenBucket | null;
  record: (o: DeliveryOutcome) => Promise<void>; options: SendOptions; retry: { attempts: number; baseDelayMs: number };
  progress: SendProgress; started: number; lastEmit: number; ambiguous: number; stopped: StopReason | null; failure: unknown;
  inFlight: number; waiting: Array<() => void>; sleepers: Set<() => void>; outstanding: Set<Promise<void>>; released: number[]; problemsInARow: number;
};

// Twice the pool: nodemailer queues the extra ones, so no connection waits for us between messages.
const IN_FLIGHT = 2 * MAX_CONNECTIONS;

/** Stops the run for `reason` (the first reason wins) and wakes every pause. */
export function stop(run: Run, reason: StopReason): void {
  run.stopped ??= reason;
  for (const wake of run.sleepers) wake();
  run.sleepers.clear();
}

/** True once the run was told to stop: nothing new is claimed or started. */
export function isStopping(run: Run): boolean {
  return run.stopped !== null;
}

/** Keeps `task` among the run's outstanding work; a task that throws stops the run, and the error is rethrown at the end. */
export function track(run: Run, task: Promise<void>): void {
  const tracked: Promise<void> = task
    .catch((e: unknown) => {
      run.failure ??= e;
      stop(run, 'signal');
    })
    .finally(() => run.outstanding.delete(tracked));
  run.outstanding.add(tracked);
}

/** Sends once a connection slot is free; null when the run stopped while this message waited. */
export async function sendInSlot(run: Run, to: string, raw: Buffer): Promise<SmtpOutcome | null> {
  while (run.inFlight >= IN_FLIGHT) await new Promise<void>((resolve) => run.waiting.push(resolve));
  if (isStopping(run)) {
    run.waiting.shift()?.();
    return null;
  }
  run.inFlight++;
  try {
    return await run.mailer.send(to, raw);
  } finally {
    run.inFlight--;
    run.waiting.shift()?.();
  }
}

/** Reports progress, at most every 100 ms unless `force`. */
export function emit(run: Run, force = false): void {
  const now = Date.now();
  if (!run.options.onProgress || (!force && now - run.lastEmit < 100)) return;
  run.lastEmit = now;
  run.options.onProgress({ ...run.progress, elapsedMs: now - run.started });
}

/** Waits `ms`; false when the run was stopped meanwhile (one wake-up list, not a listener per wait). */
export function pause(run: Run, ms: number): Promise<boolean> {
  if (isStopping(run)) return Promise.resolve(false);
  if (ms <= 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const wake = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      run.sleepers.delete(wake);
      resolve(true);
    }, ms);
    run.sleepers.add(wake);
  });
}
