import { notFound } from 'next/navigation';
import { withDatabase } from '@/app/_handlers/unavailable';
import { getIssueCommentFeed } from '@/lib/feeds/comments-feed';
import { xmlResponse } from '@/lib/http';

// Stored like the issue page: a comment posted, approved, edited or deleted refreshes it at once
// (app/_handlers/refresh.ts), otherwise at most once a minute. scripts/server.mjs answers 404 for a
// slug the live content lacks before Next sees it (lib/content/addresses.ts), so nothing is stored for it.
export const dynamic = 'force-static';
export const dynamicParams = true;
export const revalidate = 60;

export function generateStaticParams() {
  return [];
}

export const GET = withDatabase(async (_request: Request, { params }: { params: Promise<{ slug: string }> }) => {
  const feed = await getIssueCommentFeed((await params).slug);
  if (feed === null) notFound();
  return xmlResponse(feed, 'application/atom+xml');
});
