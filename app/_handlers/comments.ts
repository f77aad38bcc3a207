// HTTP glue for comments: request → lib service → view → response. Routes stay one-liners.
import { renderComment } from '@/components/comments/comment-item';
import { renderCommentSection } from '@/components/comments/comment-section';
import type { CommentSectionProps } from '@/components/comments/comment-section';
import { renderDiscussionPage } from '@/components/comments/discussion-page';
import { renderMessagePage } from '@/components/ui/message-page';
import { AUTHOR_COOKIE, isLiveAuthorSession } from '@/lib/auth/service';
import type { RequestContext } from '@/lib/comments/context';
import { continueFormToken, createReaderFormToken } from '@/lib/comments/form-guard';
import { getDiscussion, getPostedCommentView } from '@/lib/comments/discussion';
import { COMMENT_MARKDOWN_HELP, renderCommentMarkdown } from '@/lib/comments/markdown';
import { addOwnId, OWN_COMMENTS_COOKIE, OWN_COMMENTS_MAX_AGE, readOwnIds } from '@/lib/comments/own-comments';
import { createComment, deleteComment, editComment, type CreateError, type CreateFailure } from '@/lib/comments/service';
import { getIssue } from '@/lib/content/service';
import { getEnv } from '@/lib/env';
import { cookie, htmlResponse, jsonResponse, seeOther } from '@/lib/http';
import { logEvent } from '@/lib/log';
import { clientIp, isSameOrigin, parseCookies, readBody, wantsJson } from '@/lib/request';
import { getSiteInfo } from '@/lib/site';
import { refreshIssuePages } from './refresh';
import { DUPLICATE_MESSAGE } from '@/lib/comments/review';

/** Comment bodies are at most 10,000 characters; a form with them fits easily in 64 KB. */
export const MAX_COMMENT_REQUEST_BYTES = 64 * 1024;

const STATUS: Record<CreateError, number> = {
  invalid: 400, 'expired-form': 400, 'too-fast': 400, 'spam-trap': 400, impersonation: 400, unconfirmed: 400,
  'unknown-issue': 404, 'unknown-parent': 404, duplicate: 409, 'used-form': 409, blocked: 403, 'rate-limited': 429,
};

/** What a page may change in a section: its form props one by one (e.g. just the token). */
export type SectionExtra = Omit<Partial<CommentSectionProps>, 'form'> & { form?: Partial<CommentSectionProps['form']> };

/** Who is asking, from the request's address and signed cookies. */
export async function viewerFrom(request: Request, now = new Date()): Promise<RequestContext> {
  const cookies = parseCookies(request.headers.get('cookie'));
  return {
    ip: clientIp(request.headers),
    now,
    isAuthor: await isLiveAuthorSession(cookies[AUTHOR_COOKIE], now),
    ownIds: readOwnIds(cookies[OWN_COMMENTS_COOKIE], now),
  };
}

/** The comment section's data for a page; null when the database cannot answer (the article still shows). */
export async function loadSection(
  slug: string,
  viewer: Pick<RequestContext, 'ownIds' | 'now' | 'isAuthor'>,
  { form, ...extra }: SectionExtra = {},
): Promise<CommentSectionProps | null> {
  try {
    const { threads, count } = await getDiscussion(slug, viewer);
    return {
      slug, threads, count, now: viewer.now,
      form: {
        // Each reader of this page gets a token of their own (single-use); the prerendered page passes a shared one.
        formToken: form?.formToken ?? createReaderFormToken(slug, viewer.now),
        help: COMMENT_MARKDOWN_HELP, asAuthor: viewer.isAuthor ? getEnv().AUTHOR_NAME : null,
        ...form,
      },
      ...extra,
    };
  } catch (e) {
    logEvent('error', 'comments.load-failed', { slug, error: e as Error });
    return null;
  }
}

/** GET /<slug>/comments: the fresh discussion, with the reader's own pending comments and forms. */
export async function showDiscussion(request: Request, slug: string, extra: SectionExtra = {}, status = 200): Promise<Response> {
  const issue = getIssue(slug);
  if (!issue) return htmlResponse(renderMessagePage(getSiteInfo(), { title: 'Not found', message: 'This issue does not exist.' }), 404);
  const url = new URL(request.url);
  const viewer = await viewerFrom(request);
  const section = await loadSection(slug, viewer, {
    replyTo: url.searchParams.get('reply') ?? undefined,
    editing: url.searchParams.get('edit') ?? undefined,
    ...extra,
  });
  if (!section) return htmlResponse(unavailablePage(), 503, { 'retry-after': '30' });
  // Personal (a token of its own, maybe pending comments): never for a shared cache.
  return htmlResponse(renderDiscussionPage({ site: getSiteInfo(), issue, section }), status, { 'cache-control': 'private, no-store' });
}

/** POST /api/comments and /<slug>/comments: posts, then has the issue's pages rebuilt when it shows. */
export async function postCommentAndRefresh(request: Request): Promise<Response> {
  const { response, changedSlug } = await postComment(request);
  refreshIssuePages(changedSlug);
  return response;
}

/** GET /api/comments?slug=…: a fresh form token for the comment script (and API clients). */
export function issueFormToken(request: Request): Response {
  const slug = new URL(request.url).searchParams.get('slug') ?? '';
  if (!getIssue(slug)) return jsonResponse({ error: 'unknown-issue' }, 404);
  return jsonResponse({ formToken: createReaderFormToken(slug) }, 200, { 'cache-control': 'private, no-store' });
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
  const viewer = await viewerFrom(request);
  const result = await createComment(body.value, viewer);
  const slug = typeof body.value.slug === 'string' ? body.value.slug : '';
  if (!result.ok) return { response: await refusePost(request, json, body.value, result) };
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
      // The form's token is spent: the next comment from this page posts with a fresh one.
      response: jsonResponse({ id: comment.id, status: comment.status, parentId: comment.parentId, html, formToken: createReaderFormToken(comment.issueSlug, viewer.now) }, 201, { 'set-cookie': setCookie }),
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
  const viewer = await viewerFrom(request);
  const result = change === 'edit' ? await editComment(id, body.value, viewer) : await deleteComment(id, viewer);
  if (!result.ok) {
    const status = result.error === 'not-found' ? 404 : result.error === 'forbidden' ? 403 : result.error === 'duplicate' ? 409 : 400;
    const message =
      result.error === 'forbidden' ? 'This comment can no longer be changed: the 15 minutes are over or someone has replied.'
      : result.error === 'not-found' ? 'This comment does not exist.'
      : result.error === 'duplicate' ? DUPLICATE_MESSAGE : 'Write a comment before saving.';
    return { response: json ? jsonResponse({ error: result.error, fieldErrors: result.fieldErrors ?? {} }, status) : refuse(false, status, message) };
  }
  const slug = result.value.issueSlug;
  const response = json ? jsonResponse({ id, status: result.value.status }) : seeOther(`/${slug}/comments#comment-${id}`);
  return { response, changedSlug: slug };
}

/**
 * A post that was not stored. The script gets JSON; a plain form gets the live discussion with the
 * reader's text kept in the form, the message (or, for a prerendered page's form, a preview of the
 * comment), and a token they can post with: a second submit posts.
 */
async function refusePost(request: Request, json: boolean, fields: Record<string, unknown>, result: CreateFailure): Promise<Response> {
  const slug = str(fields.slug) ?? '';
  const headers: Record<string, string> = result.retryAfter ? { 'retry-after': String(result.retryAfter) } : {};
  const known = getIssue(slug) !== null;
  const formToken = known ? await continueFormToken(str(fields.formToken), slug, new Date()) : undefined;
  if (json) return jsonResponse({ error: result.error, fieldErrors: result.fieldErrors ?? {}, ...(formToken ? { formToken } : {}) }, STATUS[result.error], headers);
  if (!formToken) {
    const message = result.error === 'invalid' ? 'The form was incomplete: open the issue and post from its comment form.' : (result.fieldErrors?.form?.[0] ?? 'This issue does not exist.');
    return refuse(false, STATUS[result.error], message);
  }
  const values = { name: str(fields.name), email: str(fields.email), body: str(fields.body), notifyReplies: fields.notifyReplies === 'on' };
  const preview = result.error === 'unconfirmed' && values.body ? renderCommentMarkdown(values.body) : undefined;
  const formState = { values, formToken, preview, errors: preview ? {} : (result.fieldErrors ?? {}) };
  const parentId = str(fields.parentId);
  const extra: SectionExtra = parentId ? { replyTo: parentId, replyForm: formState } : { form: formState };
  const page = await showDiscussion(request, slug, extra, preview ? 200 : STATUS[result.error]);
  for (const [k, v] of Object.entries(headers)) page.headers.set(k, v);
  return page;
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
  const section = await loadSection(slug, await viewerFrom(request));
  if (!section) return jsonResponse({ error: 'unavailable' }, 503, { 'retry-after': '30' });
  return htmlResponse(renderCommentSection(section).toString(), 200, { 'cache-control': 'private, no-store' });
}
