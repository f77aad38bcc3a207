import { normalizeEmail } from './policy';
import { emailKey } from '../email-address';
import type { CommentStatus } from './schema';

export type NotificationKind = 'author-new-comment' | 'reply' | 'reply-confirm' | 'digest';
export type PlannedNotification = { kind: NotificationKind; recipient: string };

type Person = { authorEmail: string | null; isAuthor: boolean; notifyReplies: boolean; status: CommentStatus };

/**
 * Who is emailed about a comment, each person at most once, never about their own comment:
 * the author (at once, or in the daily digest) and the parent commenter who asked for replies
 * and confirmed their address. A commenter who asks for replies from an address not yet
 * confirmed gets the one confirmation email instead (issue 10, point 5).
 */
export function planNotifications(p: {
  comment: Person;
  parent: Person | null;
  authorEmail: string;
  mode: 'each' | 'digest' | 'off';
  /** Emails (lower-cased) that clicked "stop reply emails". */
  optedOut: ReadonlySet<string>;
  /** Emails (lower-cased) that confirmed they want reply emails. */
  confirmed: ReadonlySet<string>;
}): PlannedNotification[] {
  const planned: PlannedNotification[] = [];
  const seen = new Set<string>();
  // Identity compares whole addresses case-insensitively: in practice mailboxes are.
  const own = p.comment.authorEmail ? emailKey(p.comment.authorEmail) : null;
  const author = normalizeEmail(p.authorEmail);
  const add = (kind: NotificationKind, email: string) => {
    const key = emailKey(email);
    if (key === own || seen.has(key)) return;
    if (p.comment.isAuthor && key === emailKey(author)) return;
    seen.add(key);
    planned.push({ kind, recipient: normalizeEmail(email) });
  };

  if (p.mode !== 'off' && !p.comment.isAuthor) add(p.mode === 'digest' ? 'digest' : 'author-new-comment', author);

  // Replies are announced only once they are public: a held reply is announced on approval.
  const parent = p.parent;
  if (parent?.notifyReplies && parent.authorEmail && p.comment.status === 'published' && parent.status !== 'spam') {
    const key = emailKey(parent.authorEmail);
    if (!p.optedOut.has(key) && p.confirmed.has(key)) add('reply', parent.authorEmail);
  }
  const asker = p.comment.notifyReplies && !p.comment.isAuthor ? p.comment.authorEmail : null;
  if (asker && !p.optedOut.has(emailKey(asker)) && !p.confirmed.has(emailKey(asker))) {
    planned.push({ kind: 'reply-confirm', recipient: normalizeEmail(asker) });
  }
  return planned;
}
