import 'server-only';
import { getEnv } from '../env';
import { signToken } from '../security/tokens';
import { getAppSecret } from '../security/secret';

/** Who is asking: their address (hashed before storage) and whether they are the signed-in author. */
export type RequestContext = {
  ip: string;
  now: Date;
  isAuthor: boolean;
  /** Comment ids this browser posted and may still see while pending or edit (from its signed cookie). */
  ownIds: ReadonlySet<string>;
};

/** Signed links in emails: approve/delete a comment, stop reply emails. */
export function moderationLink(id: string, action: 'approve' | 'delete'): string {
  const token = signToken({ purpose: 'moderate', id, action }, getAppSecret(), 30 * 24 * 3600);
  return `${getEnv().SITE_URL}/admin/comments/email-action?token=${encodeURIComponent(token)}`;
}

export function replyStopLink(email: string): string {
  const token = signToken({ purpose: 'reply-optout', email }, getAppSecret(), 5 * 365 * 24 * 3600);
  return `${getEnv().SITE_URL}/comments/stop-replies?token=${encodeURIComponent(token)}`;
}
