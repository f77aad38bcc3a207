/**
 * The newsletter on publish (issue 11): an issue with `newsletter: true` that goes live is held
 * for NEWSLETTER_HOLD_MINUTES, the author gets a preview with a cancel link at once, and when the
 * hold ends the send engine mails every confirmed reader.
 *
 * Exactly once: the HeldSend row's primary key lets one caller (of any push, restart or instance)
 * hold an issue and send the preview; the release only starts the engine, whose NewsletterSend
 * lease and per-reader Delivery rows keep two instances releasing at once to one copy a reader.
 * A released send is never cancelled (markReleased and cancelIfHeld share one condition).
 */
import 'server-only';
import type { Issue } from '../content/load';
import { isDatabaseUnavailable } from '../db/errors';
import { getEnv } from '../env';
import { logEvent } from '../log';
import { randomToken } from '../security/tokens';
import { getSiteInfo } from '../site';
import { countConfirmedSubscribers, findSend } from './delivery-repository';
import { addPreviewNotice, computeReleaseAt } from './hold';
import * as holds from './hold-repository';
import { cancelSendUrl } from './links';
import { prepareIssueTemplate, renderIssueForMail, sendIssue, sendOneCopy } from './send';
import { localLinksRefusal } from './send-site';

/** After a run that did not finish (SMTP down, issue missing), this instance waits this long before trying again. */
const RETRY_MS = 60_000;
const retryAfter = new Map<string, number>();
let releasing: Promise<void> | null = null;

/**
 * Call with the issues that just went live (by push or by schedule). Each one with `newsletter: true`
 * seen for the first time is held and its preview mailed to AUTHOR_EMAIL; any later call for it does nothing.
 */
export async function onIssuesLive(issues: Issue[], now = new Date()): Promise<void> {
  for (const issue of issues) {
    if (!issue.newsletter || issue.draft) continue;
    try {
      await holdIssue(issue, now);
    } catch (e) {
      logEvent('error', 'newsletter.hold-failed', { slug: issue.slug, error: e as Error });
    }
  }
}

async function holdIssue(issue: Issue, now: Date): Promise<void> {
  // Sent before by hand (newsletter:send or the admin button): the readers have it.
  if (await findSend(issue.slug)) return;
  const nonce = randomToken();
  const releaseAt = computeReleaseAt(now, getEnv().NEWSLETTER_HOLD_MINUTES);
  if ((await holds.createHeldSend({ slug: issue.slug, subject: issue.title, nonce, heldAt: now, releaseAt })) === 'exists') return;
  logEvent('info', 'newsletter.held', { slug: issue.slug, releaseAt: releaseAt.toISOString() });
  const email = addPreviewNotice(renderIssueForMail(issue), { heldAt: now, releaseAt, readers: await countConfirmedSubscribers(), cancelUrl: cancelSendUrl(issue.slug, nonce, now) });
  const to = getEnv().AUTHOR_EMAIL;
  const outcome = await sendOneCopy(prepareIssueTemplate(email), to, getSiteInfo().url);
  if (!outcome.ok) logEvent('warn', 'newsletter.preview-failed', { slug: issue.slug, to, kind: outcome.kind, error: outcome.error });
}

/**
 * Starts the send of every held issue whose hold is over (not cancelled, not finished), and waits
 * for it. Safe to call from a timer on every instance: calls within one process share one run.
 */
export function releaseDueSends(now = new Date()): Promise<void> {
  releasing ??= releaseAll(now).finally(() => (releasing = null));
  return releasing;
}

async function releaseAll(now: Date): Promise<void> {
  for (const held of await holds.findDueHeldSends(now)) {
    if ((retryAfter.get(held.slug) ?? 0) > Date.now()) continue;
    try {
      await releaseOne(held.slug, now);
    } catch (e) {
      retryAfter.set(held.slug, Date.now() + RETRY_MS);
      // A busy or unreachable database (SQLite locked by another instance's send) is tried again later.
      logEvent(isDatabaseUnavailable(e) ? 'warn' : 'error', 'newsletter.release-failed', { slug: held.slug, error: e as Error });
    }
  }
}

async function releaseOne(slug: string, now: Date): Promise<void> {
  const refusal = localLinksRefusal(getEnv().SITE_URL, 'send it from the command line with --allow-local-links');
  if (refusal) {
    retryAfter.set(slug, Date.now() + RETRY_MS);
    return logEvent('warn', 'newsletter.release-refused', { slug, reason: refusal });
  }
  if (!(await holds.markReleased(slug, now))) return; // cancelled first
  const result = await sendIssue(slug, { released: true });
  if (result.ok && result.value.stopped === null) {
    retryAfter.delete(slug);
    await holds.markFinished(slug, new Date());
    return logEvent('info', 'newsletter.sent', { slug, summary: result.value });
  }
  // Another instance holds the engine's lease: it finishes the send, or its lease lapses and we resume.
  if (!result.ok && result.error === 'already-sending') return;
  retryAfter.set(slug, Date.now() + RETRY_MS);
  logEvent('warn', 'newsletter.release-unfinished', { slug, outcome: result.ok ? result.value.stopped : result.error });
}

/** When releaseDueSends next has work: the soonest hold to end, or a past time while one is unfinished; null when none. */
export function getNextReleaseAt(): Promise<Date | null> {
  return holds.findNextReleaseAt();
}
