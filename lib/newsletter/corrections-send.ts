/**
 * Mailing a correction (issue 14): the author gets a preview copy at once; when the hold is over,
 * each reader who was sent the issue and is still subscribed gets one correction email.
 *
 * Exactly once: the Correction row is made once per (issue, note) under the publish lock; one
 * instance at a time holds its lease; each reader's CorrectionDelivery row (primary key:
 * correction, reader) is claimed before the email goes, so neither a second instance nor a
 * restart mails a reader twice. A claim a killed process left behind is not sent again (at most
 * once: a correction is not worth a duplicate). Nobody is mailed for an issue whose newsletter was
 * never sent; while the issue's own send is still running, the correction waits for it.
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { isDatabaseUnavailable } from '../db/errors';
import { getEnv } from '../env';
import { logEvent } from '../log';
import { getSiteInfo } from '../site';
import * as repo from './corrections-repository';
import { renderCorrectionEmail, renderCorrectionPreview } from './corrections-email';
import { findSend, type SendRecord } from './delivery-repository';
import { composeIssueMessage } from './email-mime';
import { formatTimeLeft, formatUtcMinute } from './hold';
import { unsubscribeUrl } from './links';
import { prepareIssueTemplate, sendOneCopy } from './send';
import { openMailer, type Mailer } from './send-mailer';
import { localLinksRefusal } from './send-site';

const LEASE_MS = 15_000;
const PAGE = 100;
/** After a run that did not finish (SMTP down, loopback links, database busy), this instance waits this long before trying again. */
const RETRY_MS = 60_000;
const retryAfter = new Map<string, number>();
// By id and creation time: another database (a restore, a test's) reuses ids.
const retryKey = (row: repo.CorrectionRow) => `${row.id}:${row.createdAt.getTime()}`;
let running: Promise<void> | null = null;

/** Sends the previews and the due correction emails. Safe on a timer on every instance: calls within one process share one run. */
export function sendDueCorrections(now = new Date()): Promise<void> {
  running ??= sendAll(now).finally(() => (running = null));
  return running;
}

async function sendAll(now: Date): Promise<void> {
  for (const row of await repo.findActiveCorrections()) {
    if ((retryAfter.get(retryKey(row)) ?? 0) > Date.now()) continue;
    try {
      if ((await handle(row, now)) === 'unfinished') retryAfter.set(retryKey(row), Date.now() + RETRY_MS);
    } catch (e) {
      retryAfter.set(retryKey(row), Date.now() + RETRY_MS);
      logEvent(isDatabaseUnavailable(e) ? 'warn' : 'error', 'newsletter.correction-failed', { slug: row.slug, error: e as Error });
    }
  }
}

/** 'unfinished' when this instance should leave it alone for a while (refused links, mail server unreachable). */
async function handle(row: repo.CorrectionRow, now: Date): Promise<'done' | 'waiting' | 'unfinished'> {
  const send = await findSend(row.slug);
  // Never mailed (or not yet: a held newsletter goes out with the corrected text): nobody to tell.
  if (!send) {
    await repo.finishCorrection(row.id, 'not-mailed', now);
    return 'done';
  }
  if (row.previewAt === null && (await repo.claimPreview(row.id, now))) await mailPreview(row, send, now);
  if (now < row.releaseAt || send.finishedAt === null) return 'waiting';
  const refusal = localLinksRefusal(getEnv().SITE_URL, 'set SITE_URL to the public address');
  if (refusal) {
    logEvent('warn', 'newsletter.correction-refused', { slug: row.slug, reason: refusal });
    return 'unfinished';
  }
  const owner = randomUUID();
  // Another instance is mailing it: it finishes, or its lease lapses and a later tick resumes.
  if (!(await repo.acquireCorrectionLease(row.id, owner, now, LEASE_MS))) return 'waiting';
  const mailer = openMailer();
  try {
    if (!(await mailReaders(row, send.id, owner, mailer))) {
      await repo.releaseCorrectionLease(row.id, owner);
      return 'unfinished';
    }
    await repo.finishCorrection(row.id, 'sent', new Date());
    logEvent('info', 'newsletter.correction-sent', { slug: row.slug, deliveries: await repo.countCorrectionDeliveries(row.id) });
    return 'done';
  } finally {
    mailer.close();
  }
}

/** Claims and mails a page of readers at a time; false when the mail server could not be reached (the next tick goes on). */
async function mailReaders(row: repo.CorrectionRow, sendId: number, owner: string, mailer: Mailer): Promise<boolean> {
  const template = prepareIssueTemplate(renderCorrectionEmail(row, getSiteInfo()));
  const host = new URL(getSiteInfo().url).hostname;
  let cursor = 0;
  for (;;) {
    const page = await repo.findCorrectionRecipients(row.id, sendId, cursor, PAGE);
    if (page.length === 0) return true;
    cursor = page[page.length - 1]!.id;
    if (!(await repo.acquireCorrectionLease(row.id, owner, new Date(), LEASE_MS))) return false;
    if ((await repo.claimCorrectionDeliveries(row.id, page.map((r) => r.id), new Date())) === 'conflict') return false;
    for (const [index, reader] of page.entries()) {
      const raw = composeIssueMessage(template, { to: reader.email, messageId: `<correction-${row.id}-${reader.id}@${host}>`, unsubscribeUrl: unsubscribeUrl(reader.id), date: new Date() });
      const outcome = await mailer.send(reader.email, raw);
      if (outcome.ok) await repo.recordCorrectionDelivery(row.id, reader.id, 'sent', null);
      else if (outcome.kind === 'permanent' || outcome.kind === 'temporary') await repo.recordCorrectionDelivery(row.id, reader.id, outcome.kind === 'permanent' ? 'bounced' : 'failed', outcome.error);
      else {
        // Our server, not the reader: these emails never went, so the next run sends them.
        await repo.releaseCorrectionClaims(row.id, page.slice(index).map((r) => r.id));
        logEvent('warn', 'newsletter.correction-unfinished', { slug: row.slug, kind: outcome.kind, error: outcome.error });
        return false;
      }
    }
  }
}

async function mailPreview(row: repo.CorrectionRow, send: SendRecord, now: Date): Promise<void> {
  const readers = await repo.countCorrectionRecipients(send.id);
  const who = `${readers.toLocaleString('en')} reader${readers === 1 ? '' : 's'} who were sent this issue`;
  const left = row.releaseAt.getTime() - now.getTime();
  const when = left > 0 ? `at ${formatUtcMinute(row.releaseAt)} (in ${formatTimeLeft(left)})` : 'now';
  const notice = `This is your preview. The correction goes to ${who} ${when}${send.finishedAt === null ? ', once the issue itself has gone to everyone' : ''}. To stop it, change or remove the note and publish again before then.`;
  const to = getEnv().AUTHOR_EMAIL;
  const outcome = await sendOneCopy(prepareIssueTemplate(renderCorrectionPreview(row, getSiteInfo(), notice)), to, getSiteInfo().url);
  if (!outcome.ok) logEvent('warn', 'newsletter.correction-preview-failed', { slug: row.slug, to, kind: outcome.kind, error: outcome.error });
}
