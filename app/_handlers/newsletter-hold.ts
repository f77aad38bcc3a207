// HTTP glue for cancelling a held newsletter send: the link in the author's preview, and the admin button.
import { renderCancelRefusedPage, renderCancelSendPage, renderSendCancelledPage } from '@/components/newsletter/hold-pages';
import { getEnv } from '@/lib/env';
import { htmlResponse, seeOther } from '@/lib/http';
import { cancelAsAuthor, cancelByLink, checkCancelLink, type CancelError } from '@/lib/newsletter/hold-service';
import { isSameOrigin, readBody } from '@/lib/request';
import { getSiteInfo } from '@/lib/site';
import { isAuthorRequest } from './admin';
import { refusedCrossSite } from './refused';

const PRIVATE = { 'cache-control': 'private, no-store' };

function refusedPage(reason: CancelError): Response {
  const page = renderCancelRefusedPage(getSiteInfo(), reason);
  return htmlResponse(page.body, page.status, PRIVATE);
}

/** GET /admin/newsletter/cancel?token=…: the page with one button (a GET cancels nothing). */
export async function showCancelSend(request: Request): Promise<Response> {
  const token = new URL(request.url).searchParams.get('token');
  const check = await checkCancelLink(token);
  if (!check.ok) return refusedPage(check.error);
  return htmlResponse(renderCancelSendPage(getSiteInfo(), { ...check.value, token: token ?? '' }), 200, PRIVATE);
}

/** POST: the link page's button (its token), or the admin page's button (a slug and the author's session). */
export async function postCancelSend(request: Request): Promise<Response> {
  if (!isSameOrigin(request, getEnv().SITE_URL)) return refusedCrossSite();
  const body = await readBody(request, 4096);
  if (!body.ok) return refusedPage('invalid');
  const { token, slug } = body.value;
  if (typeof token === 'string') {
    const result = await cancelByLink(token);
    return result.ok ? htmlResponse(renderSendCancelledPage(getSiteInfo(), result.value.subject), 200, PRIVATE) : refusedPage(result.error);
  }
  if (!(await isAuthorRequest(request))) return seeOther('/admin');
  const result = await cancelAsAuthor(typeof slug === 'string' ? slug : '');
  const notice = result.ok ? `Cancelled: “${result.value.subject}” will not be emailed.` : renderCancelNotice(result.error);
  return seeOther(`/admin/newsletter?notice=${encodeURIComponent(notice)}`);
}

function renderCancelNotice(reason: CancelError): string {
  return reason === 'released' ? 'Too late to cancel: the hold is over and the send has started.' : reason === 'cancelled' ? 'That send was cancelled already.' : 'There is no held send for that issue.';
}
