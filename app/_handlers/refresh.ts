import { revalidatePath } from 'next/cache';
import { commentFeedPaths } from '@/lib/feeds/comment-atom';

/** After a comment changes: the issue's prerendered page, the home list (counts) and the comment feeds are rebuilt on next view. */
export function refreshIssuePages(slug: string | undefined): void {
  if (!slug) return;
  revalidatePath(`/${slug}`);
  revalidatePath('/');
  for (const feed of commentFeedPaths(slug)) revalidatePath(feed);
}
