import 'server-only';
import { getEnv } from '../env';
import { logEvent } from '../log';
import { sendMail } from '../mail/send';
import type { Result } from '../result';
import { exceedsRateLimit } from '../security/limits';
import { ctaText } from './friendly-count';
import { confirmUrl, readConfirmToken, readUnsubscribeToken, unsubscribeUrl } from './links';
import { confirmationEmail, welcomeEmail } from './messages';
import * as repo from './repository';
import { subscribeSchema, subscriberEmailSchema } from './schema';

/** The same answer whether or not the address was known: nobody can probe who subscribes. */
export const CHECK_INBOX_MESSAGE = 'Almost there! Check your inbox and click the link in the email we just sent to confirm.';
const RESEND_AFTER_MS = 60_000;

type Ctx = { ip: string; now: Date };
type Failure = { ok: false; error: 'invalid' | 'rate-limited'; fieldErrors?: Record<string, string[] | undefined>; retryAfter?: number };

/** Starts a double opt-in: stores a pending subscriber (or revives an old one) and emails a confirmation link. */
export async function subscribe(raw: unknown, ctx: Ctx): Promise<{ ok: true; value: { email: string; message: string } } | Failure> {
  const parsed = subscribeSchema.safeParse(raw);
  if (!parsed.success) {
    return { ok: false, error: 'invalid', fieldErrors: { email: [parsed.error.issues[0]?.message ?? 'Enter a valid email address'] } };
  }
  const { email, source, website } = parsed.data;
  // A filled honeypot gets the usual answer and nothing else: bots learn nothing.
  if (website) return { ok: true, value: { email, message: CHECK_INBOX_MESSAGE } };
  const limited = await checkRate(ctx);
  if (limited) return limited;

  let subscriber = await repo.findSubscriberByEmail(email);
  if (!subscriber) subscriber = (await repo.insertSubscriber({ email, source, consentAt: ctx.now })) ?? (await repo.findSubscriberByEmail(email));
  if (!subscriber) throw new Error('subscriber vanished after insert');
  if (subscriber.status === 'unsubscribed' || subscriber.status === 'bounced') {
    // Subscribing again after leaving works: a fresh consent, a fresh confirmation.
    subscriber = await repo.updateSubscriber(subscriber.id, { status: 'pending', source, consentAt: ctx.now, confirmSentAt: null });
  }
  if (subscriber.status === 'pending') await sendConfirmation(subscriber, ctx.now);
  return { ok: true, value: { email, message: CHECK_INBOX_MESSAGE } };
}

/** "Send the email again" from the check-your-inbox page (at most once a minute per address). */
export async function resendConfirmation(email: unknown, ctx: Ctx): Promise<Result<null, 'invalid' | 'rate-limited'>> {
  const parsed = subscriberEmailSchema.safeParse(email);
  if (!parsed.success) return { ok: false, error: 'invalid' };
  const limited = await checkRate(ctx);
  if (limited) return { ok: false, error: 'rate-limited' };
  const subscriber = await repo.findSubscriberByEmail(parsed.data);
  if (subscriber?.status === 'pending') await sendConfirmation(subscriber, ctx.now);
  return { ok: true, value: null };
}

async function sendConfirmation(subscriber: repo.SubscriberRow, now: Date): Promise<void> {
  if (!(await repo.claimConfirmationSend(subscriber.id, new Date(now.getTime() - RESEND_AFTER_MS), now))) return;
  const sent = await sendMail(confirmationEmail(subscriber.email, confirmUrl(subscriber.email, now)));
  if (!sent.ok) logEvent('warn', 'newsletter.confirmation-failed', { subscriber: subscriber.id, kind: sent.error });
}

async function checkRate(ctx: Ctx): Promise<Failure | null> {
  const limit = getEnv().SUBSCRIBE_RATE_LIMIT; // parsed (and refused when malformed) at start
  if (limit === 'off') return null;
  const retryAfter = await exceedsRateLimit('subscribe', ctx.ip, limit, ctx.now);
  if (retryAfter === null) return null;
  return { ok: false, error: 'rate-limited', retryAfter, fieldErrors: { form: ['Too many attempts from your address. Please try again later.'] } };
}

/** The link from the confirmation email: confirms, counts, and sends the welcome email once. */
export async function confirmSubscription(token: string | null, now = new Date()): Promise<Result<{ email: string }, 'invalid' | 'expired'>> {
  const read = readConfirmToken(token, now);
  if (read === 'expired') return { ok: false, error: 'expired' };
  if (!read) return { ok: false, error: 'invalid' };
  const subscriber = await repo.findSubscriberByEmail(read.email);
  if (!subscriber) return { ok: false, error: 'invalid' };
  if (await repo.confirmIfNot(subscriber.id, now)) {
    const sent = await sendMail(welcomeEmail(subscriber.email, unsubscribeUrl(subscriber.id)));
    if (!sent.ok) logEvent('warn', 'newsletter.welcome-failed', { subscriber: subscriber.id, kind: sent.error });
  }
  return { ok: true, value: { email: subscriber.email } };
}

/** Unsubscribes the holder of a personal link; a tampered token changes nothing. */
export async function unsubscribe(token: string | null, now = new Date()): Promise<Result<{ email: string }, 'invalid'>> {
  const id = readUnsubscribeToken(token);
  const subscriber = id === null ? null : await repo.findSubscriberById(id);
  if (!subscriber) return { ok: false, error: 'invalid' };
  if (subscriber.status !== 'unsubscribed') await repo.updateSubscriber(subscriber.id, { status: 'unsubscribed', unsubscribedAt: now });
  return { ok: true, value: { email: subscriber.email } };
}

/** Whether a token names a subscriber (for the confirm page before the button). */
export async function describeUnsubscribe(token: string | null): Promise<{ email: string } | null> {
  const id = readUnsubscribeToken(token);
  const subscriber = id === null ? null : await repo.findSubscriberById(id);
  return subscriber ? { email: subscriber.email } : null;
}

/** The call to action with the live, friendly count ("more than 2,500"); never fails a page. */
export async function getCallToAction(): Promise<string> {
  try {
    return ctaText(getEnv().NEWSLETTER_CTA, await repo.countConfirmed());
  } catch (e) {
    logEvent('warn', 'newsletter.count-failed', { error: e as Error });
    return ctaText(getEnv().NEWSLETTER_CTA, 0);
  }
}
