import { showSectionFragment } from '@/app/_handlers/comments';
import { withDatabase } from '@/app/_handlers/unavailable';

// The comment script swaps this fresh fragment in when the comments come into view.
export const dynamic = 'force-dynamic';

export const GET = withDatabase(async (request: Request, { params }: { params: Promise<{ slug: string }> }) => {
  return showSectionFragment(request, (await params).slug);
});
