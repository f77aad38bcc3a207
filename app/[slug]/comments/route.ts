import { showDiscussion } from '@/app/_handlers/comments';

// Always fresh: this is where a reader without JavaScript lands after posting.
export const dynamic = 'force-dynamic';

export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  return showDiscussion(request, (await params).slug);
}
