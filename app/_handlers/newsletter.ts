// HTTP glue for subscribing, confirming and unsubscribing.
import { renderCheckInboxPage, renderConfirmedPage, renderConfirmPage, renderConfirmFailedPage, renderUnsubscribePage } from '@/components/newsletter/pages';
import { renderMessagePage } from '@/components/ui/message-page';
import { getEnv } from '@/lib/env';
import { cookie, htmlResponse, jsonResponse, seeOther } from '@/lib/http';
import { CHECK_INBOX_MESSAGE, checkConfirmation, confirmSubscription, describeUnsubscribe, resendConfirmation, subscribe, unsubscribe } from '@/lib/newsletter/service';
import { pendingToken, readPendingToken } from '@/lib/newsletter/links';
import { clientIp, isSameOrigin, parseCookies, readBody, wantsJson } from '@/lib/request';
import { getSiteInfo } from '@/lib/site';
import { refusedCrossSite } from './refused';

/** Readable by the popup script: a subscriber is never asked again. Not a secret. */
const SUBSCRIBER_COOKIE = 'masthead_subscriber';
/** Remembers (signed, httpOnly, an hour) which address to "send again" to, so no address is put in a URL. */
const PENDING_COOKIE = 'masthead_pending';

const ctx = (request: Request) => ({ ip: clientIp(request.headers), now: new Date() });
const subscriberCookie = () => cookie(SUBSCRIBER_COOKIE, '1', { maxAge: 365 * 24 * 3600, siteUrl: getEnv().SITE_URL, httpOnly: false });

/** POST /api/subscribe from the article, footer or popup form. */
export async function postSubscribe(request: Request): Promise<Response> {
  const json = wantsJson(request);
  const site = getSiteInfo();
  const fail = (status: number, field: string, message: string, headers: Record<string, string> = {}) =>
    json
      ? jsonResponse({ fieldErrors: { [field]: [message] } }, status, headers)
      : htmlResponse(renderMessagePage(site, { title: 'Not subscribed', message, back: { href: '/', label: 'Back to the newsletter' } }), status, headers);
  if (!isSameOrigin(request, getEnv().SITE_URL)) return fail(403, 'form', 'Subscriptions are only accepted from this site.');
  const body = await readBody(request, 4096);
  if (!body.ok) return fail(body.error === 'too-large' ? 413 : 400, 'email', 'The form could not be read.');
  const result = await subscribe(body.value, ctx(request));
  if (!result.ok) {
    const headers: Record<string, string> = result.retryAfter ? { 'retry-after': String(result.retryAfter) } : {};
    const [field, messages] = Object.entries(result.fieldErrors ?? {})[0] ?? ['email', ['Enter a valid email address']];
    return fail(result.error === 'rate-limited' ? 429 : 400, field, messages?.[0] ?? 'Enter a valid email address', headers);
  }
  const headers = new Headers();
  headers.append('set-cookie', subscriberCookie());
  if (result.value.requestId !== null) {
    headers.append('set-cookie', cookie(PENDING_COOKIE, pendingToken(result.value.requestId), { maxAge: 3600, siteUrl: getEnv().SITE_URL }));
  }
  if (json) {
    headers.set('content-type', 'application/json; charset=utf-8');
    return new Response(JSON.stringify({ message: result.value.message }), { status: 200, headers });
  }
  headers.set('location', '/subscribe/check-inbox');
  return new Response(null, { status: 303, headers });
}

function pendingRequest(request: Request): number | null {
  return readPendingToken(parseCookies(request.headers.get('cookie'))[PENDING_COOKIE]);
}

export function showCheckInbox(request: Request, notice?: string): Response {
  return htmlResponse(renderCheckInboxPage(getSiteInfo(), { message: CHECK_INBOX_MESSAGE, notice, canResend: pendingRequest(request) !== null }), 200, { 'cache-control': 'private, no-store' });
}

export async function postResend(request: Request): Promise<Response> {
  if (!isSameOrigin(request, getEnv().SITE_URL)) return refusedCrossSite();
  const requestId = pendingRequest(request);
  if (requestId === null) return seeOther('/subscribe/check-inbox');
  const result = await resendConfirmation(requestId, ctx(request));
  if (!result.ok && result.error === 'rate-limited') {
    return htmlResponse(renderCheckInboxPage(getSiteInfo(), { message: CHECK_INBOX_MESSAGE, notice: 'Too many attempts. Please wait a few minutes.', canResend: false }), 429);
  }
  return htmlResponse(renderCheckInboxPage(getSiteInfo(), { message: CHECK_INBOX_MESSAGE, notice: 'Sent again (at most once a minute).', canResend: true }), 200);
}

const confirmFailed = (reason: 'invalid' | 'expired' | 'stale') =>
  htmlResponse(renderConfirmFailedPage(getSiteInfo(), reason), reason === 'stale' ? 410 : 400, { 'cache-control': 'private, no-store' });

/** GET of the emailed link: a page with one button (mail scanners follow links), or why it fails. */
export async function showConfirm(request: Request): Promise<Response> {
  const token = new URL(request.url).searchParams.get('token');
  const check = await checkConfirmation(token);
  if (!check.ok) return confirmFailed(check.error);
  return htmlResponse(renderConfirmPage(getSiteInfo(), token ?? ''), 200, { 'cache-control': 'private, no-store' });
}

/** POST: the button on that page confirms. */
export async function postConfirm(request: Request): Promise<Response> {
  if (!isSameOrigin(request, getEnv().SITE_URL)) return refusedCrossSite();
  const body = await readBody(request, 4096);
  if (!body.ok) return confirmFailed('invalid');
  const result = await confirmSubscription(typeof body.value.token === 'string' ? body.value.token : null);
  if (!result.ok) return confirmFailed(result.error);
  return htmlResponse(renderConfirmedPage(getSiteInfo()), 200, { 'set-cookie': subscriberCookie(), 'cache-control': 'private, no-store' });
}

/** GET: a confirm page with one button. POST: the button, or RFC 8058 one-click from a mail client (no page). */
export async function handleUnsubscribe(request: Request): Promise<Response> {
  const token = new URL(request.url).searchParams.get('token');
  const site = getSiteInfo();
  if (request.method === 'GET') {
    const who = await describeUnsubscribe(token);
    return who
      ? htmlResponse(renderUnsubscribePage(site, { state: 'confirm', email: who.email, token: token ?? '' }), 200, { 'cache-control': 'private, no-store' })
      : htmlResponse(renderUnsubscribePage(site, { state: 'invalid' }), 400);
  }
  const body = await readBody(request, 1024);
  if (!body.ok && body.error === 'too-large') return htmlResponse(renderUnsubscribePage(site, { state: 'invalid' }), 413);
  const oneClick = body.ok && body.value['List-Unsubscribe'] === 'One-Click';
  // Mail clients post one-click from their own servers (no Origin); the button comes from our page.
  if (!oneClick && !isSameOrigin(request, getEnv().SITE_URL)) return htmlResponse(renderUnsubscribePage(site, { state: 'invalid' }), 403);
  const result = await unsubscribe(token);
  if (oneClick) return new Response(null, { status: result.ok ? 200 : 400 });
  return result.ok
    ? htmlResponse(renderUnsubscribePage(site, { state: 'done', email: result.value.email }))
    : htmlResponse(renderUnsubscribePage(site, { state: 'invalid' }), 400);
}
