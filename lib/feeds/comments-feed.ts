import 'server-only';
import { renderCommentMarkdown } from '../comments/markdown';
import { displayName } from '../comments/thread';
import { liveIssues } from '../content/schedule';
import { getIssues } from '../content/service';
import { getSiteInfo } from '../site';
import { buildCommentAtom, COMMENT_FEED_LIMIT, type CommentFeedEntry } from './comment-atom';
import { findPublishedComments } from './repository';

// Drafts and scheduled issues have no comment feed, whatever NODE_ENV (development lists them).
const readerIssues = () => liveIssues(getIssues(), new Date());

async function entries(slugs: string[], titles: Map<string, string>): Promise<CommentFeedEntry[]> {
  const rows = await findPublishedComments(slugs, COMMENT_FEED_LIMIT);
  return rows.map((row) => ({
    id: row.id,
    issueSlug: row.issueSlug,
    issueTitle: titles.get(row.issueSlug) ?? row.issueSlug,
    name: displayName(row.authorName),
    isAuthor: row.isAuthor,
    html: renderCommentMarkdown(row.body),
    createdAt: row.createdAt,
    editedAt: row.editedAt,
  }));
}

/** The Atom feed of one published issue's published comments, or null when readers cannot see the issue. */
export async function getIssueCommentFeed(slug: string): Promise<string | null> {
  const issue = readerIssues().find((i) => i.slug === slug);
  if (!issue) return null;
  return buildCommentAtom(getSiteInfo(), { slug, title: issue.title }, await entries([slug], new Map([[slug, issue.title]])));
}

/** The Atom feed of the newest published comments on every issue readers can see. */
export async function getSiteCommentFeed(): Promise<string> {
  const issues = readerIssues();
  const titles = new Map(issues.map((i) => [i.slug, i.title]));
  return buildCommentAtom(getSiteInfo(), null, await entries([...titles.keys()], titles));
}
