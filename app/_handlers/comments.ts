// HTTP glue for comments: request → lib service → view → response. Routes stay one-liners.
import { renderComment } from '@/components/comments/comment-item';
import { renderCommentSection } from '@/components/comments/comment-section';
import type { CommentSectionProps } from '@/components/comments/comment-section';
import { renderDiscussionPage } from '@/components/comments/discussion-page';
import { renderMessagePage } from '@/components/ui/message-page';
import { AUTHOR_COOKIE, isAuthorSession } from '@/lib/auth/service';
import { createFormToken, type RequestContext } from '@/lib/comments/context';
import { getDiscussion, getPostedCommentView } from '@/lib/comments/discussion';
import { COMMENT_MARKDOWN_HELP } from '@/lib/comments/markdown';
import { addOwnId, OWN_COMMENTS_COOKIE, OWN_COMMENTS_MAX_AGE, readOwnIds } from '@/lib/comments/own-comments';
import { createComment, deleteComment, editComment, type CreateError } from '@/lib/comments/service';
import { getIssue } from '@/lib/content/service';
import { getEnv } from '@/lib/env';
import { cookie, htmlResponse, jsonResponse, seeOther } from '@/lib/http';
import { logEvent } from '@/lib/log';
import { clientIp, isSameOrigin, parseCookies, readBody, wantsJson } from '@/lib/request';
import { getSiteInfo } from '@/lib/site';

/** Comment bodies are at most 10,000 characters; a form with them fits easily in 64 KB. */
export const MAX_COMMENT_REQUEST_BYTES = 64 * 1024;

const STATUS: Record<CreateError, number> = {
  invalid: 400, 'expired-form': 400, 'too-fast': 400, 'spam-trap': 400, impersonation: 400,
  'unknown-issue': 404, 'unknown-parent': 404, duplicate: 409, blocked: 403, 'rate-limited': 429,
};

/** Who is asking, from the request's address and signed cookies. */
export function viewerFrom(request: Request, now = new Date()): RequestContext {
  const cookies = parseCookies(request.headers.get('cookie'));
  return {
    ip: clientIp(request.headers, getEnv().TRUST_PROXY),
    now,
    isAuthor: isAuthorSession(cookies[AUTHOR_COOKIE], now),
    ownIds: readOwnIds(cookies[OWN_COMMENTS_COOKIE], now),
  };
}

/** The comment section's data for a page; null when the database cannot answer (the article still shows). */
export async function loadSection(
  slug: string,
  viewer: Pick<RequestContext, 'ownIds' | 'now' | 'isAuthor'>,
  extra: Partial<CommentSectionProps> = {},
): Promise<CommentSectionProps | null> {
  try {
    const { threads, count } = await getDiscussion(slug, viewer);
    return {
      slug, threads, count, now: viewer.now,
      form: { formToken: createFormToken(slug, viewer.now), help: COMMENT_MARKDOWN_HELP, asAuthor: viewer.isAuthor ? getEnv().AUTHOR_NAME : null },
      ...extra,
    };
  } catch (e) {
    logEvent('error', 'comments.load-failed', { slug, error: e as Error });
    return null;
  }
}

/** GET /<slug>/comments: the fresh discussion, with the reader's own pending comments and forms. */
export async function showDiscussion(request: Request, slug: string, extra: Partial<CommentSectionProps> = {}, status = 200): Promise<Response> {
  const issue = getIssue(slug);
  if (!issue) return htmlResponse(renderMessagePage(getSiteInfo(), { title: 'Not found', message: 'This issue does not exist.' }), 404);
  const url = new URL(request.url);
  const viewer = viewerFrom(request);
  const section = await loadSection(slug, viewer, {
    replyTo: url.searchParams.get('reply') ?? undefined,
    editing: url.searchParams.get('edit') ?? undefined,
    ...extra,
  });
  if (!section) return htmlResponse(unavailablePage(), 503, { 'retry-after': '30' });
  return htmlResponse(renderDiscussionPage({ site: getSiteInfo(), issue, section }), status);
}

/** POST /api/comments: a plain form post (303 to the new comment) or the script's fetch (JSON). */
export async function postComment(request: Request): Promise<{ response: Response; changedSlug?: string }> {
  const json = wantsJson(request);
  if (!isSameOrigin(request, getEnv().SITE_URL)) return { response: refuse(json, 403, 'Comments can only be posted from this site.') };
  const body = await readBody(request, MAX_COMMENT_REQUEST_BYTES);
  if (!body.ok) {
    const [status, message] = body.error === 'too-large' ? [413, 'That comment is far too long.'] : [400, 'The form could not be read.'];
    return { response: refuse(json, status, message) };
  }
  const viewer = viewerFrom(request);
  const result = await createComment(body.value, viewer);
  const slug = typeof body.value.slug === 'string' ? body.value.slug : '';
  if (!result.ok) {
    const status = STATUS[result.error];
    const headers: Record<string, string> = result.retryAfter ? { 'retry-after': String(result.retryAfter) } : {};
    if (json) return { response: jsonResponse({ error: result.error, fieldErrors: result.fieldErrors ?? {} }, status, headers) };
    if (!getIssue(slug)) {
      const message = result.error === 'invalid' ? 'The form was incomplete: open the issue and post from its comment form.' : (result.fieldErrors?.form?.[0] ?? 'This issue does not exist.');
      return { response: refuse(false, status, message) };
    }
    const values = {
      name: str(body.value.name), email: str(body.value.email), body: str(body.value.body),
      notifyReplies: body.value.notifyReplies === 'on',
    };
    const parentId = str(body.value.parentId);
    const formState = { values, errors: result.fieldErrors ?? {} };
    const extra: Partial<CommentSectionProps> = parentId
      ? { replyTo: parentId, replyForm: formState }
      : { form: { ...formState, formToken: '', help: COMMENT_MARKDOWN_HELP } };
    const page = await showDiscussion(request, slug, extra, status);
    for (const [k, v] of Object.entries(headers)) page.headers.set(k, v);
    return { response: page };
  }
  const comment = result.value;
  const cookies = parseCookies(request.headers.get('cookie'));
  const setCookie = cookie(OWN_COMMENTS_COOKIE, addOwnId(cookies[OWN_COMMENTS_COOKIE], comment.id, viewer.now), {
    maxAge: OWN_COMMENTS_MAX_AGE, siteUrl: getEnv().SITE_URL,
  });
  const changedSlug = comment.status === 'published' ? comment.issueSlug : undefined;
  if (json) {
    const view = await getPostedCommentView(comment, viewer);
    const html = renderComment(view, { slug: comment.issueSlug, now: viewer.now }).toString();
    return {
      response: jsonResponse({ id: comment.id, status: comment.status, parentId: comment.parentId, html }, 201, { 'set-cookie': setCookie }),
      ...(changedSlug ? { changedSlug } : {}),
    };
  }
  return {
    response: seeOther(`/${comment.issueSlug}/comments#comment-${comment.id}`, { 'set-cookie': setCookie }),
    ...(changedSlug ? { changedSlug } : {}),
  };
}

/** POST /api/comments/<id>/edit and /delete: the commenter (within the window) or the author. */
export async function changeComment(request: Request, id: string, change: 'edit' | 'delete'): Promise<{ response: Response; changedSlug?: string }> {
  const json = wantsJson(request);
  if (!isSameOrigin(request, getEnv().SITE_URL)) return { response: refuse(json, 403, 'Comments can only be changed from this site.') };
  const body = await readBody(request, MAX_COMMENT_REQUEST_BYTES);
  if (!body.ok) return { response: refuse(json, body.error === 'too-large' ? 413 : 400, 'The form could not be read.') };
  const viewer = viewerFrom(request);
  const result = change === 'edit' ? await editComment(id, body.value, viewer) : await deleteComment(id, viewer);
  if (!result.ok) {
    const status = result.error === 'not-found' ? 404 : result.error === 'forbidden' ? 403 : result.error === 'duplicate' ? 409 : 400;
    const message =
      result.error === 'forbidden' ? 'This comment can no longer be changed: the 15 minutes are over or someone has replied.'
      : result.error === 'not-found' ? 'This comment does not exist.'
      : result.error === 'duplicate' ? 'This comment has already been posted.' : 'Write a comment before saving.';
    return { response: json ? jsonResponse({ error: result.error, fieldErrors: result.fieldErrors ?? {} }, status) : refuse(false, status, message) };
  }
  const slug = result.value.issueSlug;
  const response = json ? jsonResponse({ id, status: result.value.status }) : seeOther(`/${slug}/comments#comment-${id}`);
  return { response, changedSlug: slug };
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function refuse(json: boolean, status: number, message: string): Response {
  if (json) return jsonResponse({ error: 'refused', fieldErrors: { form: [message] } }, status);
  return htmlResponse(renderMessagePage(getSiteInfo(), { title: 'Not posted', message }), status);
}

function unavailablePage(): string {
  return renderMessagePage(getSiteInfo(), { title: 'Comments are unavailable right now', message: 'Please try again in a minute.' });
}

/** GET /api/discussions/<slug>: the comment section alone, fresh, for this reader. */
export async function showSectionFragment(request: Request, slug: string): Promise<Response> {
  if (!getIssue(slug)) return jsonResponse({ error: 'unknown-issue' }, 404);
  const section = await loadSection(slug, viewerFrom(request));
  if (!section) return jsonResponse({ error: 'unavailable' }, 503, { 'retry-after': '30' });
  return htmlResponse(renderCommentSection(section).toString(), 200, { 'cache-control': 'private, no-store' });
}
