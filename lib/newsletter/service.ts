import 'server-only';
import { getEnv } from '../env';
import { logEvent } from '../log';
import { sendMail } from '../mail/send';
import type { Result } from '../result';
import { exceedsRateLimit } from '../security/limits';
import { ctaText } from './friendly-count';
import { readConfirmToken, readUnsubscribeToken, unsubscribeUrl, type ConfirmToken } from './links';
import { welcomeEmail } from './messages';
import * as repo from './repository';
import * as requests from './request-repository';
import { subscribeSchema } from './schema';
import { scheduleSubscribeWork } from './subscribe-queue';

/** The same answer whether or not the address was known: nobody can probe who subscribes. */
export const CHECK_INBOX_MESSAGE = 'Almost there! Check your inbox and click the link in the email we just sent to confirm.';

type Ctx = { ip: string; now: Date };
type Failure = { ok: false; error: 'invalid' | 'rate-limited'; fieldErrors?: Record<string, string[] | undefined>; retryAfter?: number };

/**
 * Starts a double opt-in: records the request, and after the response the subscriber is stored
 * (or an old one revived) and emailed a confirmation link (subscribe-queue.ts). The request does
 * the same work whatever the address, so neither its answer nor its timing tells who subscribes.
 */
export async function subscribe(raw: unknown, ctx: Ctx): Promise<{ ok: true; value: { email: string; message: string; requestId: number | null } } | Failure> {
  const parsed = subscribeSchema.safeParse(raw);
  if (!parsed.success) {
    return { ok: false, error: 'invalid', fieldErrors: { email: [parsed.error.issues[0]?.message ?? 'Enter a valid email address'] } };
  }
  const { email, source, website } = parsed.data;
  // A filled honeypot gets the usual answer and nothing else: bots learn nothing.
  if (website) return { ok: true, value: { email, message: CHECK_INBOX_MESSAGE, requestId: null } };
  const limited = await checkRate(ctx);
  if (limited) return limited;
  const request = await requests.insertSubscribeRequest({ kind: 'subscribe', email, source, createdAt: ctx.now });
  scheduleSubscribeWork();
  return { ok: true, value: { email, message: CHECK_INBOX_MESSAGE, requestId: request.id } };
}

/** "Send the email again" from the check-your-inbox page (at most once a minute per address), also after the response. */
export async function resendConfirmation(requestId: number, ctx: Ctx): Promise<Result<null, 'invalid' | 'rate-limited'>> {
  const limited = await checkRate(ctx);
  if (limited) return { ok: false, error: 'rate-limited' };
  const asked = await requests.findSubscribeRequest(requestId);
  if (!asked) return { ok: false, error: 'invalid' };
  await requests.insertSubscribeRequest({ kind: 'resend', email: asked.email, source: asked.source, createdAt: ctx.now });
  scheduleSubscribeWork();
  return { ok: true, value: null };
}

async function checkRate(ctx: Ctx): Promise<Failure | null> {
  const limit = getEnv().SUBSCRIBE_RATE_LIMIT; // parsed (and refused when malformed) at start
  if (limit === 'off') return null;
  const retryAfter = await exceedsRateLimit('subscribe', ctx.ip, limit, ctx.now);
  if (retryAfter === null) return null;
  return { ok: false, error: 'rate-limited', retryAfter, fieldErrors: { form: ['Too many attempts from your address. Please try again later.'] } };
}

/**
 * The link from the confirmation email: confirms, counts, and sends the welcome email once. A
 * link sent before the reader unsubscribed (or bounced) is refused as 'stale': leaving wins.
 */
type ConfirmError = 'invalid' | 'expired' | 'stale';

/** The subscriber a confirmation link would confirm, or why it would not (changes nothing). */
async function findConfirmable(token: string | null, now: Date): Promise<Result<repo.SubscriberRow, ConfirmError>> {
  const read = readConfirmToken(token, now);
  if (read === 'expired') return { ok: false, error: 'expired' };
  if (!read) return { ok: false, error: 'invalid' };
  const subscriber = 'sid' in read ? await repo.findSubscriberById(read.sid) : await repo.findSubscriberByEmail(read.email);
  if (!subscriber) return { ok: false, error: 'invalid' };
  if (subscriber.status !== 'confirmed' && isStale(read, subscriber)) return { ok: false, error: 'stale' };
  return { ok: true, value: subscriber };
}

/** Whether a confirmation link works, for the page with the button (a GET confirms nothing). */
export async function checkConfirmation(token: string | null, now = new Date()): Promise<Result<null, ConfirmError>> {
  const found = await findConfirmable(token, now);
  return found.ok ? { ok: true, value: null } : found;
}

/** Confirms the holder of a confirmation link (the button's POST) and sends the welcome email once. */
export async function confirmSubscription(token: string | null, now = new Date()): Promise<Result<{ email: string }, ConfirmError>> {
  const found = await findConfirmable(token, now);
  if (!found.ok) return found;
  const subscriber = found.value;
  if (await repo.confirmIfNot(subscriber.id, now)) {
    const sent = await sendMail(welcomeEmail(subscriber.email, unsubscribeUrl(subscriber.id)));
    if (!sent.ok) logEvent('warn', 'newsletter.welcome-failed', { subscriber: subscriber.id, kind: sent.error });
  }
  return { ok: true, value: { email: subscriber.email } };
}

function isStale(read: ConfirmToken, subscriber: repo.SubscriberRow): boolean {
  const left = Math.max(subscriber.unsubscribedAt?.getTime() ?? 0, subscriber.bouncedAt?.getTime() ?? 0);
  return read.issuedAt.getTime() < left;
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
