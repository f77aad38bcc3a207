import { showDiscussion } from '@/app/_handlers/comments';
import { withDatabase } from '@/app/_handlers/unavailable';

// Always fresh: this is where a reader without JavaScript lands after posting.
export const dynamic = 'force-dynamic';

export const GET = withDatabase(async (request: Request, { params }: { params: Promise<{ slug: string }> }) => {
  return showDiscussion(request, (await params).slug);
});
