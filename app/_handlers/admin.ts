// HTTP glue for the author's pages: sign-in, sessions and moderation.
import { renderModerationPage } from '@/components/admin/comments-page';
import { renderSignInPage } from '@/components/admin/sign-in-page';
import { renderMessagePage } from '@/components/ui/message-page';
import { AUTHOR_COOKIE, endAllSessions, endSession, isLiveAuthorSession, SESSION_SECONDS, sendSignInLink, signInWithLink, signInWithPassword } from '@/lib/auth/service';
import { createPageFormToken } from '@/lib/comments/form-guard';
import { renderCommentMarkdown } from '@/lib/comments/markdown';
import { checkEmailAction, editAsAuthor, getModerationQueue, moderateComment, readEmailAction, runEmailAction, type EmailActionError } from '@/lib/comments/moderation';
import { COMMENT_STATUSES } from '@/lib/comments/schema';
import { getIssues } from '@/lib/content/service';
import { getEnv } from '@/lib/env';
import { cookie, htmlResponse, seeOther } from '@/lib/http';
import { clientIp, isSameOrigin, parseCookies, readBody } from '@/lib/request';
import { getSiteInfo } from '@/lib/site';
import { refusedCrossSite } from './refused';

const sessionCookieOf = (request: Request) => parseCookies(request.headers.get('cookie'))[AUTHOR_COOKIE];

/** Whether the request carries a live (unrevoked, unexpired) author session. */
export function isAuthorRequest(request: Request): Promise<boolean> {
  return isLiveAuthorSession(sessionCookieOf(request));
}

const signInPage = (status: number, extra: { error?: string; notice?: string } = {}) =>
  htmlResponse(renderSignInPage(getSiteInfo(), { passwordEnabled: !!getEnv().AUTHOR_PASSWORD, ...extra }), status);

const sessionCookie = (value: string, maxAge = SESSION_SECONDS) => cookie(AUTHOR_COOKIE, value, { maxAge, siteUrl: getEnv().SITE_URL });

const forbidden = refusedCrossSite;

/** GET /admin: the moderation queue for the author, the sign-in page for anyone else. */
export async function showAdmin(request: Request): Promise<Response> {
  return (await isAuthorRequest(request)) ? seeOther('/admin/comments') : signInPage(200);
}

export async function signIn(request: Request): Promise<Response> {
  if (!isSameOrigin(request, getEnv().SITE_URL)) return forbidden();
  const body = await readBody(request, 4096);
  if (!body.ok && body.error === 'too-large') return signInPage(413, { error: 'That form was far too large to be a password.' });
  const result = await signInWithPassword(body.ok ? body.value.password : undefined, clientIp(request.headers));
  if (result.ok) return seeOther('/admin/comments', { 'set-cookie': sessionCookie(result.value.session) });
  if (result.error === 'rate-limited') {
    const page = signInPage(429, { error: 'Too many attempts. Please wait a few minutes and try again.' });
    page.headers.set('retry-after', String(result.retryAfter ?? 60));
    return page;
  }
  return signInPage(401, { error: result.error === 'no-password' ? 'Password sign-in is not enabled: use the emailed link.' : 'That password is not right.' });
}

export async function requestLink(request: Request): Promise<Response> {
  if (!isSameOrigin(request, getEnv().SITE_URL)) return forbidden();
  const result = await sendSignInLink(clientIp(request.headers));
  if (!result.ok) return signInPage(429, { error: 'Too many attempts. Please wait a few minutes and try again.' });
  return signInPage(200, { notice: "If this is the author's site, a sign-in link is on its way to the author's inbox. It works once, for 15 minutes." });
}

export async function verifyLink(request: Request): Promise<Response> {
  const result = await signInWithLink(new URL(request.url).searchParams.get('token'));
  if (result.ok) return seeOther('/admin/comments', { 'set-cookie': sessionCookie(result.value.session) });
  return signInPage(400, { error: 'This sign-in link has expired or was already used. Ask for a new one below.' });
}

/** POST /admin/sign-out: revokes this browser's session (a copied cookie stops working too). */
export async function signOut(request: Request): Promise<Response> {
  if (!isSameOrigin(request, getEnv().SITE_URL)) return forbidden();
  await endSession(sessionCookieOf(request));
  return seeOther('/admin', { 'set-cookie': sessionCookie('', 0) });
}

/** POST /admin/sign-out-everywhere: revokes every session, on every device. Only the author may. */
export async function signOutEverywhere(request: Request): Promise<Response> {
  if (!(await isAuthorRequest(request))) return seeOther('/admin');
  if (!isSameOrigin(request, getEnv().SITE_URL)) return forbidden();
  await endAllSessions();
  return seeOther('/admin', { 'set-cookie': sessionCookie('', 0) });
}

/** GET /admin/comments?status=pending&q=… */
export async function showModeration(request: Request, notice?: string): Promise<Response> {
  if (!(await isAuthorRequest(request))) return seeOther('/admin');
  const url = new URL(request.url);
  const status = COMMENT_STATUSES.find((s) => s === url.searchParams.get('status')) ?? 'pending';
  const query = url.searchParams.get('q') ?? '';
  const { comments, counts } = await getModerationQueue(status, query);
  const titles = new Map(getIssues().map((i) => [i.slug, i.title]));
  return htmlResponse(
    renderModerationPage({
      site: getSiteInfo(), status, query, counts, comments, titles, notice,
      bodyHtml: renderCommentMarkdown, formToken: (slug) => createPageFormToken(slug),
    }),
    200,
    { 'cache-control': 'private, no-store' },
  );
}

/** POST /admin/comments/action and /edit. Returns the issue whose page must be refreshed. */
export async function moderate(request: Request, kind: 'action' | 'edit'): Promise<{ response: Response; changedSlug?: string }> {
  if (!(await isAuthorRequest(request))) return { response: seeOther('/admin') };
  if (!isSameOrigin(request, getEnv().SITE_URL)) return { response: forbidden() };
  const body = await readBody(request, 64 * 1024);
  if (!body.ok) return { response: htmlResponse(renderMessagePage(getSiteInfo(), { title: 'Not saved', message: body.error === 'too-large' ? 'That form is too large to save.' : 'The form could not be read.' }), body.error === 'too-large' ? 413 : 400) };
  const result = kind === 'edit' ? await editAsAuthor(String(body.value.id ?? ''), body.value) : await moderateComment(body.value);
  const back = COMMENT_STATUSES.find((s) => s === body.value.back) ?? 'pending';
  if (!result.ok) {
    const message = result.error === 'not-found' ? 'That comment does not exist.' : result.error === 'no-address' ? 'There is nothing to block for this comment.' : 'That change is not valid.';
    return { response: htmlResponse(renderMessagePage(getSiteInfo(), { title: 'Not saved', message, back: { href: `/admin/comments?status=${back}`, label: 'Back to comments' } }), result.error === 'not-found' ? 404 : 400) };
  }
  return { response: seeOther(`/admin/comments?status=${back}`), changedSlug: result.value.slug };
}

const EMAIL_ACTION_REFUSED: Record<EmailActionError, { title: string; message: string; status: number }> = {
  used: { title: 'This link was already used', message: 'Each link in a notification email works once. Moderate from the admin page instead.', status: 409 },
  changed: { title: 'This comment has changed', message: 'It was moderated since this email was sent, so the link no longer applies. Moderate from the admin page instead.', status: 409 },
  'not-found': { title: 'Not done', message: 'That comment no longer exists.', status: 404 },
};

/** GET shows what an emailed approve/delete link will do; POST (the button) does it, once. */
export async function emailAction(request: Request): Promise<{ response: Response; changedSlug?: string }> {
  const url = new URL(request.url);
  const found = readEmailAction(url.searchParams.get('token'));
  const site = getSiteInfo();
  const back = { href: '/admin/comments', label: 'Comments' };
  if (!found) return { response: htmlResponse(renderMessagePage(site, { title: 'This link does not work', message: 'It is incomplete, was changed, or has expired. Moderate from the admin page instead.', back }), 400) };
  const refuse = (error: EmailActionError) => {
    const refused = EMAIL_ACTION_REFUSED[error];
    return { response: htmlResponse(renderMessagePage(site, { title: refused.title, message: refused.message, back }), refused.status) };
  };
  const label = found.action === 'approve' ? 'Approve' : 'Delete';
  if (request.method === 'GET') {
    const usable = await checkEmailAction(found);
    if (!usable.ok) return refuse(usable.error);
    return { response: htmlResponse(renderMessagePage(site, { title: `${label} this comment?`, message: 'Press the button to confirm.', button: { action: `${url.pathname}${url.search}`, label } })) };
  }
  if (!isSameOrigin(request, getEnv().SITE_URL)) return { response: forbidden() };
  const result = await runEmailAction(found);
  if (!result.ok) return refuse(result.error);
  const done = renderMessagePage(site, { title: found.action === 'approve' ? 'Approved' : 'Deleted', message: 'Done.', back });
  return { response: htmlResponse(done), changedSlug: result.value.slug };
}
