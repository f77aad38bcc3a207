/**
 * The newsletter sending engine. An issue has one NewsletterSend row; each confirmed reader gets a
 * Delivery row, claimed as 'sending' (a batch at a time, just ahead of the SMTP transactions) and
 * turned 'sent' after the server's 250 (group-committed), 'bounced' on a 5xx to RCPT/DATA (the
 * subscriber becomes 'bounced' too), or 'failed' once retries of a 4xx/connection error run out.
 *
 * Resume policy: a run skips sent/bounced/failed rows and sends the rest; a 'sending' row found at
 * the start (only a SIGKILL or a crash leaves one) is sent again. Its message may have been accepted
 * before the process died, so this can duplicate, but skipping it can silently miss a reader, and the
 * claimed-but-unconfirmed window is small (the messages in flight plus the 250s still being
 * written: an outcome is written at once, or with the next batch while a write is in flight, never
 * held back to wait for company; most leftover claims were never attempted at all). The re-sent
 * copy carries the same deterministic Message-ID, which lets mailboxes that saw the first one drop
 * it. A graceful stop (abort signal, SIGINT/SIGTERM in the script) leaves no 'sending' rows:
 * in-flight messages finish and are recorded, claims that never reached the server are released.
 */
import 'server-only';
import * as repo from './delivery-repository';
import { composeIssueMessage, createMessageId, type MessageTemplate } from './email-mime';
import { unsubscribeUrl } from './links';
import { computeBackoffMs, computeRate, createTokenBucket, takeToken, type SendSummary, type StopReason } from './progress';
import { openMailer, openNullMailer } from './send-mailer';
import { emit, isStopping, pause, sendInSlot, stop, track, type Run, type SendOptions } from './send-run';

const PAGE_SIZE = 500;
const CLAIM_SIZE = 100;
// A run of this many problems in a row means the server or its configuration, not the readers.
const BREAKER = 25;

/** Sends (or, dry, counts) the issue to every reader the resume policy above leaves to this run. */
export async function sendToList(slug: string, subject: string, template: MessageTemplate, siteUrl: string, options: SendOptions): Promise<SendSummary> {
  const send = options.dryRun ? await repo.findSend(slug) : await repo.openSend(slug, subject);
  const mailer = options.dryRun ? openNullMailer() : openMailer();
  const started = Date.now();
  const run: Run = {
    sendId: send?.id ?? 0, template, siteUrl, mailer, options, retry: options.retry ?? { attempts: 4, baseDelayMs: 2000 },
    bucket: options.rate ? createTokenBucket(options.rate, started) : null, record: send ? repo.createOutcomeRecorder(send.id).record : async () => {},
    progress: { total: await repo.countConfirmedSubscribers(), done: 0, sent: 0, skipped: 0, bounced: 0, failed: 0, elapsedMs: 0 },
    started, lastEmit: 0, ambiguous: 0, stopped: null, failure: undefined,
    inFlight: 0, waiting: [], sleepers: new Set(), outstanding: new Set(), released: [], problemsInARow: 0,
  };
  const onAbort = () => stop(run, 'signal');
  options.signal?.addEventListener('abort', onAbort);
  if (options.signal?.aborted) onAbort();
  try {
    await walkReaders(run);
  } catch (e) {
    run.failure ??= e;
    stop(run, 'signal');
  } finally {
    await Promise.allSettled(run.outstanding);
    options.signal?.removeEventListener('abort', onAbort);
    mailer.close();
  }
  if (run.failure !== undefined) throw run.failure;
  if (send && !options.dryRun) {
    await repo.releaseDeliveries(send.id, run.released);
    if (!run.stopped) await repo.finishSend(send.id, new Date());
  }
  emit(run, true);
  const progress = { ...run.progress, elapsedMs: Date.now() - started };
  return { ...progress, slug, subject, mode: options.dryRun ? 'dry-run' : 'send', ambiguous: run.ambiguous, stopped: run.stopped, rate: computeRate(progress) };
}

/** Pages through confirmed readers by id, skips finished deliveries, claims the rest a chunk at a time and starts them. */
async function walkReaders(run: Run): Promise<void> {
  // Claims run just ahead of the sending: about half a second's worth when throttled.
  const claimSize = run.bucket ? Math.min(CLAIM_SIZE, Math.max(1, Math.ceil(run.bucket.rate / 2))) : CLAIM_SIZE;
  let cursor = 0;
  while (!isStopping(run)) {
    const page = await repo.findReaderPage(run.sendId, cursor, PAGE_SIZE);
    if (page.length === 0) return;
    cursor = page[page.length - 1]!.id;
    const todo = page.filter((reader) => {
      // A 'sending' row outlived a killed process: the message may or may not have been accepted.
      // Sending it again (same Message-ID) risks a duplicate that mailboxes dedupe; skipping risks a silent miss.
      if (reader.status === 'sending') run.ambiguous++;
      if (reader.status === null || reader.status === 'sending' || (reader.status === 'failed' && run.options.retryFailed)) return true;
      run.progress.skipped++;
      run.progress.done++;
      return false;
    });
    if (run.options.dryRun) {
      run.progress.sent += todo.length;
      run.progress.done += todo.length;
      emit(run);
      continue;
    }
    for (let i = 0; i < todo.length && !isStopping(run); i += claimSize) {
      const chunk = todo.slice(i, i + claimSize);
      while (run.outstanding.size + chunk.length > 2 * claimSize) await Promise.race(run.outstanding);
      if (isStopping(run)) return;
      const fresh = chunk.filter((r) => r.status === null).map((r) => r.id);
      const retried = chunk.filter((r) => r.status === 'failed').map((r) => r.id);
      if ((await repo.claimDeliveries(run.sendId, fresh, retried)) === 'conflict') return stop(run, 'concurrent-send');
      for (const reader of chunk) track(run, deliverOne(run, reader));
    }
  }
}

/** One reader's message: paced, retried on temporary failures, its outcome recorded before it counts as done. */
async function deliverOne(run: Run, reader: repo.Reader): Promise<void> {
  const raw = composeIssueMessage(run.template, { to: reader.email, messageId: createMessageId(run.sendId, reader.id, run.siteUrl), unsubscribeUrl: unsubscribeUrl(reader.id), date: new Date() });
  for (let attempt = 1; ; attempt++) {
    if (run.bucket && !(await pause(run, takeToken(run.bucket, Date.now())))) return release(run, reader);
    const outcome = await sendInSlot(run, reader.email, raw);
    // Stopped before its turn came: this message never reached the server, so its claim can simply go.
    if (outcome === null) return release(run, reader);
    if (outcome.ok) return finish(run, reader, 'sent', attempt, null);
    if (outcome.kind === 'fatal') {
      stop(run, 'smtp-refused');
      return release(run, reader);
    }
    if (outcome.kind === 'permanent') return finish(run, reader, 'bounced', attempt, outcome.error);
    if (attempt >= run.retry.attempts && outcome.kind === 'temporary') return finish(run, reader, 'failed', attempt, outcome.error);
    if (attempt >= run.retry.attempts) {
      // Nothing was learnt about this reader: leave them to the next run rather than mark them failed.
      countProblem(run, 'smtp-unavailable');
      return release(run, reader);
    }
    if (!(await pause(run, computeBackoffMs(attempt, run.retry.baseDelayMs)))) return release(run, reader);
  }
}

async function finish(run: Run, reader: repo.Reader, status: 'sent' | 'bounced' | 'failed', attempts: number, error: string | null): Promise<void> {
  if (status === 'sent') run.problemsInARow = 0;
  else countProblem(run, status === 'bounced' ? 'smtp-refused' : 'smtp-unavailable');
  await run.record({ subscriberId: reader.id, status, attempts, error });
  run.progress[status]++;
  run.progress.done++;
  emit(run);
}

function countProblem(run: Run, reason: StopReason): void {
  if (++run.problemsInARow >= BREAKER) stop(run, reason);
}

function release(run: Run, reader: repo.Reader): void {
  run.released.push(reader.id);
}
