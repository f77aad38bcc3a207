/**
 * Sending an issue: the entry points for the command line and the admin page. The engine and
 * its resume policy are in send-engine.ts; the SMTP side in send-mailer.ts.
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { getIssue, measureContentImage } from '../content/service';
import { getEnv } from '../env';
import { fromAddress } from '../mail/send';
import { err, ok, type Result } from '../result';
import { getSiteInfo } from '../site';
import * as repo from './delivery-repository';
import { renderIssueEmail, type EmailIssue, type IssueEmail } from './email';
import { composeIssueMessage, createListId, prepareIssueMessage, type MessageTemplate } from './email-mime';
import { unsubscribeUrl } from './links';
import { computeRate, type SendSummary } from './progress';
import { subscriberEmailSchema } from './schema';
import { sendToList } from './send-engine';
import { isWaitingOutHold } from './hold-repository';
import { openMailer, type SmtpOutcome } from './send-mailer';
import type { SendOptions } from './send-run';

export type { SendProgress, SendSummary, StopReason } from './progress';
export type { SendOptions } from './send-run';
export type SendIssueError = 'unknown-issue' | 'invalid-test-address' | 'already-sending' | 'held';

// Issues being sent by this process. Another process sending the same issue is caught by the
// claim conflict (see walkReaders in send-engine.ts); this also catches a second click in the admin page at once.
const sending = new Set<string>();

/** Sends an issue to every confirmed reader once: idempotent, resumable, throttled (policy at the top of send-engine.ts). */
export async function sendIssue(slug: string, options: SendOptions = {}): Promise<Result<SendSummary, SendIssueError>> {
  const issue = getIssue(slug);
  if (!issue) return err('unknown-issue');
  const site = getSiteInfo();
  const email = renderIssueForMail(issue);
  const template = prepareIssueTemplate(email);
  if (options.testTo !== undefined) return sendPreview(slug, email.subject, template, options.testTo, site.url);
  if (options.dryRun) return ok(await sendToList(slug, email.subject, template, site.url, options));
  if (sending.has(slug)) return err('already-sending');
  sending.add(slug);
  try {
    // An issue waiting out its hold (newsletter: true) goes when the hold ends, not around it.
    if (!options.released && (await isWaitingOutHold(slug))) return err('held');
    return await sendLeased(slug, email.subject, template, site.url, options);
  } finally {
    sending.delete(slug);
  }
}

// Across processes (the command line, the admin button, the hold's release), a lease on the send
// row: renewed while this run lives, released at its end, lapsing LEASE_MS after a process is killed.
async function sendLeased(slug: string, subject: string, template: MessageTemplate, siteUrl: string, options: SendOptions): Promise<Result<SendSummary, SendIssueError>> {
  const owner = randomUUID();
  const sendRow = await repo.openSend(slug, subject);
  if (!(await repo.acquireLease(sendRow.id, owner, new Date(), LEASE_MS))) return err('already-sending');
  const renew = setInterval(() => void repo.acquireLease(sendRow.id, owner, new Date(), LEASE_MS).catch(() => {}), LEASE_MS / 3);
  renew.unref();
  try {
    return ok(await sendToList(slug, subject, template, siteUrl, options));
  } finally {
    clearInterval(renew);
    await repo.releaseLease(sendRow.id, owner).catch(() => {});
  }
}

/** The issue as an email, rendered once for every reader (images measured from the content folder). */
export function renderIssueForMail(issue: EmailIssue): IssueEmail {
  return renderIssueEmail(issue, getSiteInfo(), { measure: measureContentImage });
}

/** The raw-message template every copy of `email` is made from. */
export function prepareIssueTemplate(email: IssueEmail): MessageTemplate {
  return prepareIssueMessage(email, { from: fromAddress(), listId: createListId(getSiteInfo()) });
}

/** One copy to `to`, recorded nowhere; its unsubscribe link is that reader's own if they subscribe. */
export async function sendOneCopy(template: MessageTemplate, to: string, siteUrl: string): Promise<SmtpOutcome> {
  const id = (await repo.findSubscriberIdByEmail(to)) ?? 0;
  const messageId = `<preview-${randomUUID()}@${new URL(siteUrl).hostname}>`;
  const mailer = openMailer();
  try {
    return await mailer.send(to, composeIssueMessage(template, { to, messageId, unsubscribeUrl: unsubscribeUrl(id), date: new Date() }));
  } finally {
    mailer.close();
  }
}

/** How long a send's lease lasts without renewal: a killed run blocks a new one at most this long. */
export const LEASE_MS = 15_000;

/** The `testTo` copy: one message, reported like a send. */
async function sendPreview(slug: string, subject: string, template: MessageTemplate, to: string, siteUrl: string): Promise<Result<SendSummary, SendIssueError>> {
  const address = subscriberEmailSchema.safeParse(to);
  if (!address.success) return err('invalid-test-address');
  const started = Date.now();
  const outcome = await sendOneCopy(template, address.data, siteUrl);
  const bounced = !outcome.ok && outcome.kind === 'permanent' ? 1 : 0;
  const progress = { total: 1, done: 1, sent: outcome.ok ? 1 : 0, skipped: 0, bounced, failed: outcome.ok ? 0 : 1 - bounced, elapsedMs: Date.now() - started };
  return ok({ ...progress, slug, subject, mode: 'test', ambiguous: 0, stopped: null, rate: computeRate(progress) });
}

/** Every send so far with its delivery counts, newest first (for the admin page). */
export async function getSendHistory(): Promise<Array<{ slug: string; subject: string; startedAt: Date; finishedAt: Date | null; sent: number; failed: number; bounced: number }>> {
  const sends = await repo.listSends();
  return sends.map((s) => ({ slug: s.slug, subject: s.subject, startedAt: s.startedAt, finishedAt: s.finishedAt, sent: s.counts.sent ?? 0, failed: s.counts.failed ?? 0, bounced: s.counts.bounced ?? 0 }));
}
