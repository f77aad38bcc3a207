/**
 * The newsletter sending engine. An issue has one NewsletterSend row; each confirmed reader gets a
 * Delivery row, claimed as 'sending' (a batch at a time, just ahead of the SMTP transactions) and
 * turned 'sent' after the server's 250 (group-committed), 'bounced' on a 5xx to RCPT/DATA (the
 * subscriber becomes 'bounced' too), or 'failed' once retries of a 4xx/connection error run out.
 *
 * Resume policy: a run skips sent/bounced/failed rows and sends the rest; a 'sending' row found at
 * the start (only a SIGKILL or a crash leaves one) is sent again. Its message may have been accepted
 * before the process died, so this can duplicate, but skipping it can silently miss a reader, and the
 * claimed-but-unconfirmed window is small (the messages in flight plus ~10 ms of unrecorded 250s,
 * while most leftover claims were never attempted at all). The re-sent copy carries the same
 * deterministic Message-ID, which lets mailboxes that saw the first one drop it. A graceful stop
 * (abort signal, SIGINT/SIGTERM in the script) leaves no 'sending' rows: in-flight messages finish
 * and are recorded, claims that never reached the server are released.
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import { defaultPaths, measureImage } from '../content/repository';
import { getIssue } from '../content/service';
import { getEnv } from '../env';
import { logEvent } from '../log';
import { fromAddress } from '../mail/send';
import { writeEml } from '../mail/transport';
import { err, ok, type Result } from '../result';
import { getSiteInfo } from '../site';
import * as repo from './delivery-repository';
import { composeIssueMessage, createListId, createMessageId, prepareIssueMessage, renderIssueEmail, type MessageTemplate } from './email';
import { unsubscribeUrl } from './links';
import { computeBackoffMs, computeRate, createTokenBucket, takeToken, type SendProgress, type SendSummary, type StopReason, type TokenBucket } from './progress';
import { subscriberEmailSchema } from './schema';

export type { SendProgress, SendSummary, StopReason } from './progress';

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
};
export type SendIssueError = 'unknown-issue' | 'invalid-test-address' | 'already-sending';

const PAGE_SIZE = 500;
const CLAIM_SIZE = 100;
const MAX_CONNECTIONS = 5;
// Twice the pool: nodemailer queues the extra ones, so no connection waits for us between messages.
const IN_FLIGHT = 2 * MAX_CONNECTIONS;
// A run of this many problems in a row means the server or its configuration, not the readers.
const BREAKER = 25;

/** permanent: the reader's server said 5xx · temporary: it said 4xx · unreachable: no answer about the reader (connection, 421) · fatal: our setup is refused. */
type SmtpFailure = 'permanent' | 'temporary' | 'unreachable' | 'fatal';
type SmtpOutcome = { ok: true } | { ok: false; kind: SmtpFailure; error: string };
type Mailer = { send: (to: string, raw: Buffer) => Promise<SmtpOutcome>; close: () => void };

type Run = {
  sendId: number; template: MessageTemplate; siteUrl: string; mailer: Mailer; bucket: TokenBucket | null;
  record: (o: repo.DeliveryOutcome) => Promise<void>; options: SendOptions; retry: { attempts: number; baseDelayMs: number };
  progress: SendProgress; started: number; lastEmit: number; ambiguous: number; stopped: StopReason | null; failure: unknown;
  inFlight: number; waiting: Array<() => void>; sleepers: Set<() => void>; outstanding: Set<Promise<void>>; released: number[]; problemsInARow: number;
};

// Issues being sent by this process. Another process sending the same issue is caught by the
// claim conflict (see walkReaders); this also catches a second click in the admin page at once.
const sending = new Set<string>();

/** Sends an issue to every confirmed reader once: idempotent, resumable, throttled (policy at the top of this file). */
export async function sendIssue(slug: string, options: SendOptions = {}): Promise<Result<SendSummary, SendIssueError>> {
  const issue = getIssue(slug);
  if (!issue) return err('unknown-issue');
  const site = getSiteInfo();
  const paths = defaultPaths(getEnv().CONTENT_DIR);
  const email = renderIssueEmail(issue, site, { measure: (src) => measureImage(paths, src) });
  const template = prepareIssueMessage(email, { from: fromAddress(), listId: createListId(site) });
  if (options.testTo !== undefined) return sendPreview(slug, email.subject, template, options.testTo, site.url);
  if (options.dryRun) return ok(await sendToList(slug, email.subject, template, site.url, options));
  if (sending.has(slug)) return err('already-sending');
  sending.add(slug);
  // Across processes (the command line and the admin button), a lease on the send row: renewed
  // while this run lives, released at its end, lapsing LEASE_MS after a process is killed.
  const owner = randomUUID();
  const sendRow = await repo.openSend(slug, email.subject);
  if (!(await repo.acquireLease(sendRow.id, owner, new Date(), LEASE_MS))) {
    sending.delete(slug);
    return err('already-sending');
  }
  const renew = setInterval(() => void repo.acquireLease(sendRow.id, owner, new Date(), LEASE_MS).catch(() => {}), LEASE_MS / 3);
  renew.unref();
  try {
    return ok(await sendToList(slug, email.subject, template, site.url, options));
  } finally {
    clearInterval(renew);
    await repo.releaseLease(sendRow.id, owner).catch(() => {});
    sending.delete(slug);
  }
}

/** How long a send's lease lasts without renewal: a killed run blocks a new one at most this long. */
export const LEASE_MS = 15_000;

/** One copy to `to`, recorded nowhere; its unsubscribe link is that reader's own if they subscribe. */
async function sendPreview(slug: string, subject: string, template: MessageTemplate, to: string, siteUrl: string): Promise<Result<SendSummary, SendIssueError>> {
  const address = subscriberEmailSchema.safeParse(to);
  if (!address.success) return err('invalid-test-address');
  const started = Date.now();
  const id = (await repo.findSubscriberIdByEmail(address.data)) ?? 0;
  const messageId = `<preview-${randomUUID()}@${new URL(siteUrl).hostname}>`;
  const mailer = openMailer();
  const outcome = await mailer.send(address.data, composeIssueMessage(template, { to: address.data, messageId, unsubscribeUrl: unsubscribeUrl(id), date: new Date() }));
  mailer.close();
  const bounced = !outcome.ok && outcome.kind === 'permanent' ? 1 : 0;
  const progress = { total: 1, done: 1, sent: outcome.ok ? 1 : 0, skipped: 0, bounced, failed: outcome.ok ? 0 : 1 - bounced, elapsedMs: Date.now() - started };
  return ok({ ...progress, slug, subject, mode: 'test', ambiguous: 0, stopped: null, rate: computeRate(progress) });
}

async function sendToList(slug: string, subject: string, template: MessageTemplate, siteUrl: string, options: SendOptions): Promise<SendSummary> {
  const send = options.dryRun ? await repo.findSend(slug) : await repo.openSend(slug, subject);
  const mailer = options.dryRun ? { send: async () => ({ ok: true }) as const, close: () => {} } : openMailer();
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

/** Every send so far with its delivery counts, newest first (for the admin page). */
export async function getSendHistory(): Promise<Array<{ slug: string; subject: string; startedAt: Date; finishedAt: Date | null; sent: number; failed: number; bounced: number }>> {
  const sends = await repo.listSends();
  return sends.map((s) => ({ slug: s.slug, subject: s.subject, startedAt: s.startedAt, finishedAt: s.finishedAt, sent: s.counts.sent ?? 0, failed: s.counts.failed ?? 0, bounced: s.counts.bounced ?? 0 }));
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

function track(run: Run, task: Promise<void>): void {
  const tracked: Promise<void> = task
    .catch((e: unknown) => {
      run.failure ??= e;
      stop(run, 'signal');
    })
    .finally(() => run.outstanding.delete(tracked));
  run.outstanding.add(tracked);
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

function stop(run: Run, reason: StopReason): void {
  run.stopped ??= reason;
  for (const wake of run.sleepers) wake();
  run.sleepers.clear();
}

function isStopping(run: Run): boolean {
  return run.stopped !== null;
}

/** Sends once a connection slot is free; null when the run stopped while this message waited. */
async function sendInSlot(run: Run, to: string, raw: Buffer): Promise<SmtpOutcome | null> {
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

function emit(run: Run, force = false): void {
  const now = Date.now();
  if (!run.options.onProgress || (!force && now - run.lastEmit < 100)) return;
  run.lastEmit = now;
  run.options.onProgress({ ...run.progress, elapsedMs: now - run.started });
}

/** Waits `ms`; false when the run was stopped meanwhile (one wake-up list, not a listener per wait). */
function pause(run: Run, ms: number): Promise<boolean> {
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

/** SMTP with pooled connections when SMTP_URL is set; otherwise each message becomes an .eml file in MAIL_DIR. */
function openMailer(): Mailer {
  const { SMTP_URL } = getEnv();
  if (!SMTP_URL) return { send: async (_to, raw) => (writeEml(raw), { ok: true }), close: () => {} };
  const from = /<([^>]+)>/.exec(fromAddress())?.[1] ?? fromAddress().trim();
  const transport = nodemailer.createTransport({
    url: SMTP_URL, pool: true, maxConnections: MAX_CONNECTIONS, connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 60_000,
  } as never);
  return {
    send: (to, raw) =>
      transport.sendMail({ envelope: { from, to: [to] }, raw }).then(
        () => ({ ok: true }) as const,
        (e: unknown) => {
          const kind = classifySmtpError(e);
          if (kind !== 'permanent') logEvent('warn', 'newsletter.smtp-failed', { kind, to, error: e as Error });
          return { ok: false, kind, error: (e as Error).message } as const;
        },
      ),
    close: () => transport.close(),
  };
}

/** Answers to RCPT/DATA are about the reader; anything else (MAIL FROM, AUTH, 421, no answer at all) is about the server. */
function classifySmtpError(e: unknown): SmtpFailure {
  const { responseCode, command, code } = e as { responseCode?: number; command?: string; code?: string };
  const aboutReader = command === 'RCPT TO' || command === 'DATA';
  if (code === 'EAUTH' || (responseCode && responseCode >= 500 && !aboutReader)) return 'fatal';
  if (responseCode && responseCode >= 500) return 'permanent';
  if (!responseCode && code === 'EENVELOPE') return 'permanent'; // an address nodemailer itself refuses
  return responseCode && responseCode !== 421 && aboutReader ? 'temporary' : 'unreachable';
}
