import { withDatabase } from '@/app/_handlers/unavailable';
import { getSiteCommentFeed } from '@/lib/feeds/comments-feed';
import { xmlResponse } from '@/lib/http';

// Stored like the issue feeds; a comment posted, approved, edited or deleted refreshes it at once
// (app/_handlers/refresh.ts), otherwise at most once a minute.
export const dynamic = 'force-static';
export const revalidate = 60;

export const GET = withDatabase(async (_request: Request) => xmlResponse(await getSiteCommentFeed(), 'application/atom+xml'));
