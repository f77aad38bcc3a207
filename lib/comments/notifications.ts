import 'server-only';
import { getIssue } from '../content/service';
import { getEnv } from '../env';
import { logEvent } from '../log';
import type { Result } from '../result';
import { getAppSecret } from '../security/secret';
import { verifyToken } from '../security/tokens';
import { sendMail, type MailMessage } from '../mail/send';
import { getSiteInfo } from '../site';
import { moderationLink, replyStopLink } from './context';
import { authorNewCommentEmail, digestEmail, replyEmail } from './emails';
import { planNotifications } from './notify-plan';
import { normalizeEmail } from './policy';
import * as repo from './repository';
import * as outbox from './notification-repository';

const MAX_ATTEMPTS = 5;
const RETRY_DELAY_MS = 60_000;

/**
 * Records who must hear about a comment (one outbox row per person and kind, unique in the
 * database, so nobody is told twice), then delivers in the background: posting never waits on mail.
 */
export async function queueNotifications(comment: repo.CommentRow, parent: repo.CommentRow | null): Promise<void> {
  const env = getEnv();
  const optedOut = parent?.authorEmail ? await outbox.findOptOuts([parent.authorEmail.toLowerCase()]) : new Set<string>();
  const planned = planNotifications({ comment, parent, authorEmail: env.AUTHOR_EMAIL, mode: env.COMMENTS_NOTIFY, optedOut });
  for (const n of planned) await outbox.insertIfNew({ kind: n.kind, commentId: comment.id, recipient: n.recipient });
  if (planned.some((n) => n.kind !== 'digest')) scheduleDelivery();
}

/**
 * Tells the author that a reader's edit put a published comment back in the queue (once per
 * comment: the outbox row is unique; in digest mode it joins the digest if not sent yet).
 */
export async function queueHeldEditNotice(comment: repo.CommentRow): Promise<void> {
  const env = getEnv();
  if (env.COMMENTS_NOTIFY === 'off') return;
  const kind = env.COMMENTS_NOTIFY === 'digest' ? 'digest' : 'author-held-edit';
  if ((await outbox.insertIfNew({ kind, commentId: comment.id, recipient: normalizeEmail(env.AUTHOR_EMAIL) })) && kind !== 'digest') scheduleDelivery();
}

let running: Promise<void> | null = null;
let again = false;

/** Starts a delivery pass unless one is running (then it runs once more when that ends). */
export function scheduleDelivery(): void {
  if (running) {
    again = true;
    return;
  }
  running = deliverPending()
    .then(({ failed }) => {
      // Temporary failures stay pending; look again in a while even if nobody posts.
      if (failed > 0) setTimeout(scheduleDelivery, RETRY_DELAY_MS).unref();
    })
    .catch((e) => logEvent('error', 'notifications.delivery-crashed', { error: e as Error }))
    .finally(() => {
      running = null;
      if (again) {
        again = false;
        scheduleDelivery();
      }
    });
}

/** Waits for any background delivery to finish (tests, scripts, graceful shutdown). */
export async function flushDeliveries(): Promise<void> {
  while (running) await running;
}

/** Sends every pending immediate notification once; temporary failures stay pending for a later pass. */
export async function deliverPending(now = new Date()): Promise<{ sent: number; failed: number }> {
  let sent = 0;
  let failed = 0;
  for (const row of await outbox.findDeliverable(MAX_ATTEMPTS)) {
    // Claiming flips pending → sending atomically: two instances never send the same row.
    if (!(await outbox.claim(row.id))) continue;
    const message = await buildMessage(row);
    if (!message) {
      await outbox.finish(row.id, 'sent', now, 'nothing to send');
      continue;
    }
    const result = await sendMail(message);
    if (result.ok) {
      await outbox.finish(row.id, 'sent', now);
      sent++;
    } else {
      const final = result.error === 'permanent' || row.attempts + 1 >= MAX_ATTEMPTS;
      await outbox.finish(row.id, final ? 'failed' : 'pending', null, result.error);
      failed++;
    }
  }
  return { sent, failed };
}

async function buildMessage(row: outbox.NotificationRow): Promise<MailMessage | null> {
  const comment = await repo.findCommentById(row.commentId);
  if (!comment || comment.status === 'spam' || comment.status === 'deleted') return null;
  const issueTitle = getIssue(comment.issueSlug)?.title ?? comment.issueSlug;
  const site = getSiteInfo();
  if (row.kind === 'author-new-comment' || row.kind === 'author-held-edit') {
    return authorNewCommentEmail({ site, to: row.recipient, comment, issueTitle, moderateUrl: (a) => moderationLink(comment.id, a) });
  }
  if (row.kind === 'reply') {
    if ((await outbox.findOptOuts([row.recipient.toLowerCase()])).size > 0) return null;
    return replyEmail({ site, to: row.recipient, reply: comment, issueTitle, stopUrl: replyStopLink(row.recipient) });
  }
  return null;
}

/** The daily digest: every comment the author has not been told about, in one email. */
export async function sendDigest(now = new Date()): Promise<{ comments: number }> {
  const rows = await outbox.findPendingDigest();
  const claimed = [];
  for (const row of rows) if (await outbox.claim(row.id)) claimed.push(row);
  const items = [];
  for (const row of claimed) {
    const comment = await repo.findCommentById(row.commentId);
    if (comment && comment.status !== 'spam' && comment.status !== 'deleted') {
      items.push({ comment, issueTitle: getIssue(comment.issueSlug)?.title ?? comment.issueSlug });
    }
  }
  if (items.length === 0) {
    for (const row of claimed) await outbox.finish(row.id, 'sent', now, 'nothing to send');
    return { comments: 0 };
  }
  const result = await sendMail(digestEmail({ site: getSiteInfo(), to: getEnv().AUTHOR_EMAIL, items }));
  for (const row of claimed) await outbox.finish(row.id, result.ok ? 'sent' : 'pending', result.ok ? now : null, result.ok ? undefined : result.error);
  return { comments: result.ok ? items.length : 0 };
}

/** Records that this address wants no more reply emails. */
export async function stopReplyEmails(email: string): Promise<void> {
  await outbox.addOptOut(email.toLowerCase());
}

/** The address a "stop reply emails" link names, when its signature holds. */
export function readReplyOptOut(token: string | null): string | null {
  const result = token ? verifyToken<{ email: string }>(token, getAppSecret(), { purpose: 'reply-optout' }) : null;
  return result?.ok && typeof result.value.email === 'string' ? result.value.email : null;
}

/** The button behind the link from a reply email: stops that address's reply emails. */
export async function stopReplyEmailsByToken(token: string | null): Promise<Result<string, 'invalid-link'>> {
  const email = readReplyOptOut(token);
  if (!email) return { ok: false, error: 'invalid-link' };
  await stopReplyEmails(email);
  return { ok: true, value: email };
}
