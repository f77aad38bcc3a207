import 'server-only';
import type { Result } from '../result';
import { getAppSecret } from '../security/secret';
import { verifyToken } from '../security/tokens';
import { queueNotifications } from './notifications';
import * as repo from './repository';
import { editCommentSchema, fieldErrorsOf, moderationActionSchema } from './schema';

export type ModerationError = 'invalid' | 'not-found' | 'no-address';

/** The author's moderation queue: comments of one status (newest first), the counts, an optional search. */
export async function getModerationQueue(status: repo.CommentStatus, query?: string) {
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

/** Reads an approve/delete link from a notification email. */
export function readEmailAction(token: string | null): { id: string; action: 'approve' | 'delete' } | null {
  if (!token) return null;
  const result = verifyToken<{ id: string; action: string }>(token, getAppSecret(), { purpose: 'moderate' });
  if (!result.ok || (result.value.action !== 'approve' && result.value.action !== 'delete')) return null;
  return { id: result.value.id, action: result.value.action };
}
