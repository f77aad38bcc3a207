/**
 * Subscribe requests are carried out after the response (issue 10, point 15): the request only
 * records what was asked, the same one write for a new, pending or confirmed address, so its
 * timing tells nobody whether an address subscribes. This pass, in the background like comment
 * notifications, stores the subscriber and sends the confirmation email.
 */
import 'server-only';
import { createBackgroundPass } from '../background';
import { logEvent } from '../log';
import { sendMail } from '../mail/send';
import { confirmUrl } from './links';
import { confirmationEmail } from './messages';
import * as repo from './repository';
import * as requests from './request-repository';

const RESEND_AFTER_MS = 60_000;
const KEEP_REQUESTS_MS = 24 * 3600 * 1000;

// A request whose work threw is pending again: the pass looks again in a while even if nobody subscribes.
const background = createBackgroundPass('newsletter.requests', async () => {
  await handlePendingRequests();
  return { retry: false };
});

/** Starts a pass over waiting requests unless one is running (then it runs once more when that ends). */
export const scheduleSubscribeWork = background.schedule;

/** Waits for the background pass (tests, scripts, graceful shutdown). */
export const flushSubscribeWork = background.flush;

/** Handles every waiting request once; a request whose work throws is left for a later pass. */
export async function handlePendingRequests(now = new Date()): Promise<void> {
  for (const request of await requests.findPendingRequests(100)) {
    if (!(await requests.claimRequest(request.id))) continue;
    try {
      await handleRequest(request);
      await requests.finishRequest(request.id, 'done');
    } catch (e) {
      await requests.finishRequest(request.id, 'pending');
      throw e;
    }
  }
  await requests.pruneRequests(new Date(now.getTime() - KEEP_REQUESTS_MS));
}

async function handleRequest(request: requests.SubscribeRequestRow): Promise<void> {
  const at = request.createdAt;
  let subscriber = await repo.findSubscriberByEmail(request.email);
  if (request.kind === 'resend') {
    if (subscriber?.status === 'pending') await sendConfirmation(subscriber);
    return;
  }
  subscriber ??= (await repo.insertSubscriber({ email: request.email, source: request.source, consentAt: at })) ?? (await repo.findSubscriberByEmail(request.email));
  if (!subscriber) throw new Error('subscriber vanished after insert');
  if (subscriber.status === 'unsubscribed' || subscriber.status === 'bounced') {
    // Subscribing again after leaving works: a fresh consent, a fresh confirmation.
    subscriber = await repo.updateSubscriber(subscriber.id, { status: 'pending', source: request.source, consentAt: at, confirmSentAt: null });
  }
  if (subscriber.status === 'pending') await sendConfirmation(subscriber);
}

async function sendConfirmation(subscriber: repo.SubscriberRow): Promise<void> {
  const now = new Date();
  if (!(await repo.claimConfirmationSend(subscriber.id, new Date(now.getTime() - RESEND_AFTER_MS), now))) return;
  const sent = await sendMail(confirmationEmail(subscriber.email, confirmUrl(subscriber.id, now)));
  if (!sent.ok) logEvent('warn', 'newsletter.confirmation-failed', { subscriber: subscriber.id, kind: sent.error });
}
