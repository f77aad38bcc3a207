import 'server-only';
import type { Result } from '../result';
import { getAppSecret } from '../security/secret';
import { verifyToken } from '../security/tokens';
import { consumeNonce, isNonceUsed } from './email-action-repository';
import { queueNotifications } from './notifications';
import * as repo from './repository';
import { editCommentSchema, fieldErrorsOf, moderationActionSchema, type CommentStatus } from './schema';

export type ModerationError = 'invalid' | 'not-found' | 'no-address';

/** The author's moderation queue: comments of one status (newest first), the counts, an optional search. */
export async function getModerationQueue(status: CommentStatus, query?: string) {
  const [comments, counts] = await Promise.all([repo.findForModeration(status, 200, query?.trim() || undefined), repo.countByStatus()]);
  return { comments, counts };
}

/** Approve, mark spam, delete, restore, or block the commenter's address or email. Returns the issue to refresh. */
export async function moderateComment(raw: unknown): Promise<Result<{ slug: string }, ModerationError>> {
  const parsed = moderationActionSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, error: 'invalid', fieldErrors: fieldErrorsOf(parsed.error) };
  const { action, id } = parsed.data;
  const comment = await repo.findCommentById(id);
  if (!comment) return { ok: false, error: 'not-found' };
  switch (action) {
    case 'approve':
    case 'restore': {
      const updated = await repo.updateComment(id, { status: 'published' });
      // A reply that waited is announced now: the outbox keeps anyone from hearing twice.
      const parent = updated.parentId ? await repo.findCommentById(updated.parentId) : null;
      await queueNotifications(updated, parent);
      break;
    }
    case 'spam':
      await repo.updateComment(id, { status: 'spam' });
      break;
    case 'delete':
      await repo.updateComment(id, { status: 'deleted' });
      break;
    case 'block-ip':
      if (!comment.ipHash) return { ok: false, error: 'no-address' };
      await repo.addBlock('ip', comment.ipHash);
      await repo.updateComment(id, { status: 'spam' });
      break;
    case 'block-email':
      if (!comment.authorEmail) return { ok: false, error: 'no-address' };
      await repo.addBlock('email', comment.authorEmail.toLowerCase());
      await repo.updateComment(id, { status: 'spam' });
      break;
  }
  return { ok: true, value: { slug: comment.issueSlug } };
}

/** The author corrects a comment's text (marked as edited). */
export async function editAsAuthor(id: string, raw: unknown): Promise<Result<{ slug: string }, ModerationError>> {
  const parsed = editCommentSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, error: 'invalid', fieldErrors: fieldErrorsOf(parsed.error) };
  const comment = await repo.findCommentById(id);
  if (!comment) return { ok: false, error: 'not-found' };
  await repo.updateComment(id, { body: parsed.data.body, editedAt: new Date() });
  return { ok: true, value: { slug: comment.issueSlug } };
}

export type EmailAction = { id: string; action: 'approve' | 'delete'; status: string; nonce: string; expiresAt: Date };

/** Reads an approve/delete link from a notification email (signature, purpose and expiry). */
export function readEmailAction(token: string | null): EmailAction | null {
  if (!token) return null;
  const result = verifyToken<{ id: unknown; action: unknown; status: unknown; nonce: unknown }>(token, getAppSecret(), { purpose: 'moderate' });
  if (!result.ok) return null;
  const { id, action, status, nonce, exp } = result.value;
  // Links from before single-use links carry no nonce or status: they are refused.
  if (typeof id !== 'string' || typeof status !== 'string' || typeof nonce !== 'string' || nonce === '') return null;
  if (action !== 'approve' && action !== 'delete') return null;
  return { id, action, status, nonce, expiresAt: new Date(exp * 1000) };
}

export type EmailActionError = 'used' | 'changed' | 'not-found';

/** Whether a link can still act, without using it: for the confirmation page its GET shows. */
export async function checkEmailAction(link: EmailAction): Promise<Result<null, EmailActionError>> {
  if (await isNonceUsed(link.nonce)) return { ok: false, error: 'used' };
  const comment = await repo.findCommentById(link.id);
  if (!comment) return { ok: false, error: 'not-found' };
  if (comment.status !== link.status) return { ok: false, error: 'changed' };
  return { ok: true, value: null };
}

/**
 * Acts on an emailed link, once: the nonce is recorded first (a second use, or a race of two,
 * finds it taken), then the comment must still be in the status the link was sent for, so an
 * old "approve" cannot publish a comment the author has since marked as spam.
 */
export async function runEmailAction(link: EmailAction, now = new Date()): Promise<Result<{ slug: string }, EmailActionError>> {
  if (!(await consumeNonce(link.nonce, now, link.expiresAt))) return { ok: false, error: 'used' };
  const comment = await repo.findCommentById(link.id);
  if (!comment) return { ok: false, error: 'not-found' };
  if (comment.status !== link.status) return { ok: false, error: 'changed' };
  const result = await moderateComment({ id: link.id, action: link.action });
  return result.ok ? result : { ok: false, error: 'not-found' };
}

/** The rows the moderation queue shows (components/admin/comments-page.ts renders them). */
export type { CommentRow } from './repository';
