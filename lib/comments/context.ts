import 'server-only';
import { getEnv } from '../env';
import { randomId, signToken } from '../security/tokens';
import { getAppSecret } from '../security/secret';

/** Who is asking: their address (hashed before storage) and whether they are the signed-in author. */
export type RequestContext = {
  ip: string;
  now: Date;
  isAuthor: boolean;
  /** Comment ids this browser posted and may still see while pending or edit (from its signed cookie). */
  ownIds: ReadonlySet<string>;
};

export const MODERATION_LINK_SECONDS = 30 * 24 * 3600;

/**
 * Signed links in emails: approve/delete a comment (reply-email links are in reply-links.ts). A link
 * works once (its nonce is recorded on use) and only while the comment is still in the
 * status it was sent for: the author's email offers them for pending comments only.
 */
export function moderationLink(id: string, action: 'approve' | 'delete', issuedFor: string = 'pending'): string {
  const token = signToken({ purpose: 'moderate', id, action, status: issuedFor, nonce: randomId(12) }, getAppSecret(), MODERATION_LINK_SECONDS);
  return `${getEnv().SITE_URL}/admin/comments/email-action?token=${encodeURIComponent(token)}`;
}
