import 'server-only';
import { readyDb } from '../db-ready';

export type FeedCommentRow = {
  id: string;
  issueSlug: string;
  authorName: string | null;
  isAuthor: boolean;
  body: string;
  createdAt: Date;
  editedAt: Date | null;
};

/** The newest published comments on these issues; never an email address or another status. */
export async function findPublishedComments(slugs: string[], take: number): Promise<FeedCommentRow[]> {
  if (slugs.length === 0) return [];
  return (await readyDb()).comment.findMany({
    where: { status: 'published', issueSlug: { in: slugs } },
    select: { id: true, issueSlug: true, authorName: true, isAuthor: true, body: true, createdAt: true, editedAt: true },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take,
  });
}
