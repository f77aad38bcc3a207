import { revalidatePath } from 'next/cache';

/** After a comment changes: the issue's prerendered page and the home list (counts) are rebuilt on next view. */
export function refreshIssuePages(slug: string | undefined): void {
  if (!slug) return;
  revalidatePath(`/${slug}`);
  revalidatePath('/');
}
