import { postCommentAndRefresh, showDiscussion } from '@/app/_handlers/comments';
import { withDatabase } from '@/app/_handlers/unavailable';

// Always fresh: this is where a reader without JavaScript lands after posting.
export const dynamic = 'force-dynamic';

export const GET = withDatabase(async (request: Request, { params }: { params: Promise<{ slug: string }> }) => {
  return showDiscussion(request, (await params).slug);
});

// The comment forms post here, so a form re-rendered after a refusal or a preview keeps this
// address: reloading it shows the discussion again (a POST-only /api address answered 405).
export const POST = withDatabase(postCommentAndRefresh);
