import 'server-only';
import { getIssue } from '../content/service';
import { getEnv } from '../env';
import type { Result } from '../result';
import { exceedsRateLimit, hashIp } from '../security/limits';
import { randomId } from '../security/tokens';
import type { RequestContext } from './context';
import { checkFormToken, spendFormToken, type FormCheck } from './form-guard';
import { isAuthorName, isReservedName } from './impersonation';
import { queueHeldEditNotice, queueNotifications } from './notifications';
import { canSelfEdit, normalizeEmail } from './policy';
import * as repo from './repository';
import { DUPLICATE_MESSAGE, reviewBody } from './review';
import { createCommentSchema, editCommentSchema, fieldErrorsOf, type CreateCommentInput } from './schema';

export type CreateError =
  | 'invalid' | 'unknown-issue' | 'unknown-parent' | 'impersonation' | 'spam-trap'
  | 'too-fast' | 'expired-form' | 'unconfirmed' | 'used-form' | 'rate-limited' | 'duplicate' | 'blocked';

export type CreateFailure = { ok: false; error: CreateError; fieldErrors?: Record<string, string[] | undefined>; retryAfter?: number };
export type CreateResult = { ok: true; value: repo.CommentRow } | CreateFailure;

const fail = (error: CreateError, message: string, field = 'form', extra: Partial<CreateFailure> = {}): CreateFailure => ({
  ok: false, error, fieldErrors: { [field]: [message] }, ...extra,
});

// What a reader is told when the form token does not let the post through; their text is always
// kept, and the re-rendered form carries a token they can post with.
const FORM_MESSAGES: Record<FormFailure['error'], string> = {
  'expired-form': 'This form has expired. Your text is kept below: check it and post again.',
  unconfirmed: 'Check your comment, then post it.',
  'used-form': 'This form was already used to post a comment. Your text is kept below: post it again if you meant to.',
  'too-fast': 'That was quick! Please take a moment, then post again.',
};
type FormFailure = Exclude<FormCheck, { ok: true }>;
const formFailure = (c: FormFailure): CreateFailure =>
  fail(c.error, FORM_MESSAGES[c.error], 'form', 'retryAfter' in c && c.retryAfter ? { retryAfter: c.retryAfter } : {});

/** Posts a comment or reply: validates, refuses abuse, decides moderation, stores it and queues emails. */
export async function createComment(raw: unknown, ctx: RequestContext): Promise<CreateResult> {
  const parsed = createCommentSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, error: 'invalid', fieldErrors: fieldErrorsOf(parsed.error) };
  const input = parsed.data;

  const issue = getIssue(input.slug);
  if (!issue) return fail('unknown-issue', 'This issue does not exist.');
  if (input.website) return fail('spam-trap', 'Your comment looks automated and was not posted.');

  const form = await checkFormToken(input.formToken, input.slug, ctx);
  if (!form.ok) return formFailure(form);

  return placeComment(input, ctx, async () => (await spendFormToken(form.token, ctx.now)) || formFailure({ ok: false, error: 'used-form', token: form.token }));
}

/** What an emailed reply carries (lib/mail/inbound): the answered comment, the text, and who sent it. */
export type EmailReplyInput = { slug: string; parentId: string; body: string; name: string | null; email: string };

/**
 * Posts a reply that arrived by email, by the site's rules (names, blocks, rate limits, moderation,
 * duplicates), without the form's checks a mailbox cannot pass (form token, honeypot): the signed
 * reply address stands for them. The rate limit counts per sender address, as the form counts per IP.
 */
export async function createEmailReply(raw: EmailReplyInput, ctx: Pick<RequestContext, 'now' | 'isAuthor'>): Promise<CreateResult> {
  const parsed = createCommentSchema.safeParse({ ...raw, name: raw.name ?? undefined, notifyReplies: !ctx.isAuthor });
  if (!parsed.success) return { ok: false, error: 'invalid', fieldErrors: fieldErrorsOf(parsed.error) };
  if (!getIssue(parsed.data.slug)) return fail('unknown-issue', 'This issue does not exist.');
  const mailCtx: RequestContext = { ...ctx, ip: `mail:${parsed.data.email?.toLowerCase() ?? ''}`, ownIds: new Set() };
  return placeComment(parsed.data, mailCtx, async () => true);
}

/** The rules every new comment passes, however it arrived; `spend` uses up what let it in (a form token). */
async function placeComment(input: CreateCommentInput, ctx: RequestContext, spend: () => Promise<true | CreateFailure>): Promise<CreateResult> {
  const env = getEnv();
  if (!ctx.isAuthor && input.name && (isAuthorName(input.name, env.AUTHOR_NAME) || isReservedName(input.name))) {
    return fail('impersonation', 'That name is reserved for the author. Please choose another.', 'name');
  }

  const ipHash = hashIp(ctx.ip);
  const email = ctx.isAuthor ? normalizeEmail(env.AUTHOR_EMAIL) : input.email ? normalizeEmail(input.email) : null;
  if (!ctx.isAuthor && ((await repo.isBlocked('ip', ipHash)) || (email && (await repo.isBlocked('email', email.toLowerCase()))))) {
    return fail('blocked', 'Comments from you are not accepted on this site.');
  }

  const limit = env.COMMENTS_RATE_LIMIT; // parsed (and refused when malformed) at start
  if (!ctx.isAuthor && limit !== 'off') {
    const retryAfter = await exceedsRateLimit('comment', ctx.ip, limit, ctx.now);
    if (retryAfter !== null) {
      return fail('rate-limited', `You have posted a lot in a short time. Please try again in ${Math.ceil(retryAfter / 60)} minute${retryAfter > 60 ? 's' : ''}.`, 'form', { retryAfter });
    }
  }

  const parent = input.parentId ? await repo.findCommentById(input.parentId) : null;
  if (input.parentId && (!parent || parent.issueSlug !== input.slug || parent.status !== 'published')) {
    return fail('unknown-parent', 'The comment you are replying to is no longer there.');
  }
  const review = await reviewBody({ slug: input.slug, body: input.body, email, isAuthor: ctx.isAuthor });
  if (!review.ok) return fail('duplicate', DUPLICATE_MESSAGE, 'body');
  const status = review.status;
  const spent = await spend();
  if (spent !== true) return spent;
  const comment = await repo.insertComment({
    id: randomId(),
    issueSlug: input.slug,
    parentId: parent?.id ?? null,
    authorName: ctx.isAuthor ? env.AUTHOR_NAME : (input.name ?? null),
    authorEmail: email,
    isAuthor: ctx.isAuthor,
    body: input.body,
    status,
    notifyReplies: ctx.isAuthor ? false : input.notifyReplies && email !== null,
    ipHash,
    createdAt: ctx.now,
  });
  await queueNotifications(comment, parent);
  return { ok: true, value: comment };
}

export type ChangeError = 'not-found' | 'forbidden' | 'invalid' | 'duplicate';

/**
 * A commenter edits their own comment (within the window, before any reply); the author edits any.
 * A reader's edit is moderated as a new comment would be: a published comment may go back to
 * pending (the author is told), a pending one never becomes published by being edited.
 */
export async function editComment(id: string, raw: unknown, ctx: RequestContext): Promise<Result<repo.CommentRow, ChangeError>> {
  const parsed = editCommentSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, error: 'invalid', fieldErrors: fieldErrorsOf(parsed.error) };
  const allowed = await mayChange(id, ctx);
  if (!allowed.ok) return allowed;
  const body = parsed.data.body;
  if (ctx.isAuthor) return { ok: true, value: await repo.updateComment(id, { body, editedAt: ctx.now }) };
  const before = allowed.value;
  const review = await reviewBody({ slug: before.issueSlug, body, email: before.authorEmail, isAuthor: false, exceptId: id });
  if (!review.ok) return { ok: false, error: 'duplicate', fieldErrors: { body: [DUPLICATE_MESSAGE] } };
  const status = before.status === 'published' ? review.status : before.status;
  const comment = await repo.updateComment(id, { body, editedAt: ctx.now, status });
  if (before.status === 'published' && status === 'pending') await queueHeldEditNotice(comment);
  return { ok: true, value: comment };
}

/** Deletes (softly: replies keep their place and the thread reads "This comment was deleted."). */
export async function deleteComment(id: string, ctx: RequestContext): Promise<Result<repo.CommentRow, ChangeError>> {
  const allowed = await mayChange(id, ctx);
  if (!allowed.ok) return allowed;
  return { ok: true, value: await repo.updateComment(id, { status: 'deleted' }) };
}

async function mayChange(id: string, ctx: RequestContext): Promise<Result<repo.CommentRow, ChangeError>> {
  const comment = await repo.findCommentById(id);
  if (!comment || comment.status === 'deleted') return { ok: false, error: 'not-found' };
  if (ctx.isAuthor) return { ok: true, value: comment };
  const replies = await repo.countReplies(id);
  if (!ctx.ownIds.has(id) || !canSelfEdit({ createdAt: comment.createdAt, now: ctx.now, replyCount: replies, status: comment.status })) {
    return { ok: false, error: 'forbidden' };
  }
  return { ok: true, value: comment };
}
