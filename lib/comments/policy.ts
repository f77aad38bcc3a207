/** Moderation modes: publish at once, hold a new email's first comment, or hold everything. */
export type ModerationMode = 'post' | 'first' | 'pre';

/** Counts links in a comment: Markdown links and bare http(s) URLs. */
export function countLinks(body: string): number {
  const markdownLinks = body.match(/\]\(\s*[^)\s]+/g)?.length ?? 0;
  const withoutMarkdown = body.replace(/\]\(\s*[^)\s]+[^)]*\)/g, '');
  const bare = withoutMarkdown.match(/\bhttps?:\/\/[^\s<>()]+/gi)?.length ?? 0;
  return markdownLinks + bare;
}

/** Whether a new comment is published at once or waits for the author. */
export function decideStatus(p: {
  mode: ModerationMode;
  isAuthor: boolean;
  /** The commenter's email already has a published comment. */
  knownCommenter: boolean;
  linkCount: number;
  maxLinks: number;
}): 'published' | 'pending' {
  if (p.isAuthor) return 'published';
  if (p.mode === 'pre') return 'pending';
  if (p.mode === 'first' && !p.knownCommenter) return 'pending';
  // Link-stuffed comments are the classic spam shape: hold them whatever the mode.
  if (p.linkCount > p.maxLinks) return 'pending';
  return 'published';
}

/** A commenter may change their own comment for this long, and only while nobody has replied. */
export const EDIT_WINDOW_SECONDS = 15 * 60;

/** Whether the commenter (holding a valid token) may still edit or delete. */
export function canSelfEdit(p: { createdAt: Date; now: Date; replyCount: number; status: string }): boolean {
  if (p.status === 'deleted' || p.status === 'spam') return false;
  if (p.replyCount > 0) return false;
  return p.now.getTime() - p.createdAt.getTime() <= EDIT_WINDOW_SECONDS * 1000;
}

export { normalizeEmail } from '../email-address';

/** Whitespace-insensitive body used to refuse duplicates. */
export function duplicateKey(body: string): string {
  return body.trim().replace(/\s+/g, ' ').toLowerCase();
}
