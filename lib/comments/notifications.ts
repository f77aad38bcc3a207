import 'server-only';
import { createBackgroundPass } from '../background';
import { getIssue } from '../content/service';
import { getEnv } from '../env';
import { sendMail, type MailMessage } from '../mail/send';
import { windowStart } from '../security/rate-limit';
import { countAttempt } from '../security/rate-limit-store';
import { getAppSecret } from '../security/secret';
import { hashWithSalt } from '../security/tokens';
import { getSiteInfo } from '../site';
import { moderationLink } from './context';
import { authorNewCommentEmail, digestEmail, replyConfirmationEmail, replyEmail } from './emails';
import { planNotifications } from './notify-plan';
import { normalizeEmail } from './policy';
import * as repo from './repository';
import * as outbox from './notification-repository';
import { addressKey, findConfirmedAddresses } from './reply-addresses';
import * as addresses from './reply-address-repository';
import { replyByEmailAddress, replyConfirmLink, replyStopLink } from './reply-links';

const MAX_ATTEMPTS = 5;
const RETRY_DELAY_MS = 60_000;
/** Reply emails one address gets in an hour at most; the rest are dropped (the replies are on the page). */
export const REPLY_EMAILS_PER_HOUR = 5;
/** One confirmation email per address per day at most, however many comments name it. */
const CONFIRM_EVERY_MS = 24 * 3600 * 1000;

/**
 * Records who must hear about a comment (one outbox row per person and kind, unique in the
 * database, so nobody is told twice), then delivers in the background: posting never waits on mail.
 */
export async function queueNotifications(comment: repo.CommentRow, parent: repo.CommentRow | null): Promise<void> {
  const env = getEnv();
  const asking = [parent?.authorEmail, comment.notifyReplies ? comment.authorEmail : null].filter((e): e is string => !!e).map(addressKey);
  const optedOut = asking.length ? await outbox.findOptOuts(asking) : new Set<string>();
  const confirmed = await findConfirmedAddresses(asking);
  const planned = planNotifications({ comment, parent, authorEmail: env.AUTHOR_EMAIL, mode: env.COMMENTS_NOTIFY, optedOut, confirmed });
  for (const n of planned) {
    if (n.kind === 'reply-confirm') await addresses.ensureReplyAddress(addressKey(n.recipient));
    await outbox.insertIfNew({ kind: n.kind, commentId: comment.id, recipient: n.recipient });
  }
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

// Temporary failures stay pending; a pass with some looks again in a while even if nobody posts.
const background = createBackgroundPass('notifications.delivery', async () => ({ retry: (await deliverPending()).failed > 0 }), RETRY_DELAY_MS);

/** Starts a delivery pass unless one is running (then it runs once more when that ends). */
export const scheduleDelivery = background.schedule;

/** Waits for any background delivery to finish (tests, scripts, graceful shutdown). */
export const flushDeliveries = background.flush;

/** Sends every pending immediate notification once; temporary failures stay pending for a later pass. */
export async function deliverPending(now = new Date()): Promise<{ sent: number; failed: number }> {
  let sent = 0;
  let failed = 0;
  for (const row of await outbox.findDeliverable(MAX_ATTEMPTS)) {
    // Claiming flips pending → sending atomically: two instances never send the same row.
    if (!(await outbox.claim(row.id))) continue;
    const message = await buildMessage(row, now);
    if (typeof message === 'string') {
      await outbox.finish(row.id, 'sent', now, message);
      continue;
    }
    const result = await sendMail(message);
    if (result.ok) {
      await outbox.finish(row.id, 'sent', now);
      sent++;
    } else {
      const final = result.error === 'permanent' || row.attempts + 1 >= MAX_ATTEMPTS;
      // The day's one confirmation was claimed for this email: give it back for the retry.
      if (row.kind === 'reply-confirm' && !final) await addresses.releaseReplyConfirmation(addressKey(row.recipient), now);
      await outbox.finish(row.id, final ? 'failed' : 'pending', null, result.error);
      failed++;
    }
  }
  return { sent, failed };
}

/** The message for an outbox row, or why nothing is sent (recorded as its lastError). */
async function buildMessage(row: outbox.NotificationRow, now: Date): Promise<MailMessage | string> {
  const comment = await repo.findCommentById(row.commentId);
  if (!comment || comment.status === 'spam' || comment.status === 'deleted') return 'nothing to send';
  const issueTitle = getIssue(comment.issueSlug)?.title ?? comment.issueSlug;
  const site = getSiteInfo();
  if (row.kind === 'author-new-comment' || row.kind === 'author-held-edit') {
    return authorNewCommentEmail({
      site, to: row.recipient, comment, issueTitle, moderateUrl: (a) => moderationLink(comment.id, a),
      replyTo: replyByEmailAddress(comment.id, { kind: 'author' }, now),
    });
  }
  if (row.kind !== 'reply' && row.kind !== 'reply-confirm') return 'nothing to send';
  const key = addressKey(row.recipient);
  if ((await outbox.findOptOuts([key])).size > 0) return 'opted out';
  const [address] = await addresses.findReplyAddresses([key]);
  if (row.kind === 'reply-confirm') {
    if (!address || address.confirmedAt) return 'already confirmed';
    if (!(await addresses.claimReplyConfirmation(address.id, new Date(now.getTime() - CONFIRM_EVERY_MS), now))) return 'confirmation sent within a day';
    return replyConfirmationEmail({ site, to: row.recipient, confirmUrl: replyConfirmLink(address.id, now) });
  }
  // Checked again at sending: the plan was made before, and only confirmed addresses are mailed.
  if (!address?.confirmedAt) return 'address not confirmed';
  if (await overReplyLimit(key, now)) return 'recipient rate limit';
  return replyEmail({
    site, to: row.recipient, reply: comment, issueTitle, stopUrl: replyStopLink(address.id),
    replyTo: replyByEmailAddress(comment.id, { kind: 'reader', addressId: address.id }, now),
  });
}

/** Counts one reply email to this address in the hour (in the database, so across instances). */
async function overReplyLimit(key: string, now: Date): Promise<boolean> {
  const count = await countAttempt('reply-mail', hashWithSalt(key, `${getAppSecret()}:mail`), windowStart(now, 3600));
  return count > REPLY_EMAILS_PER_HOUR;
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
