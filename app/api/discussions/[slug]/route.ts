import { showSectionFragment } from '@/app/_handlers/comments';

// The comment script swaps this fresh fragment in when the comments come into view.
export const dynamic = 'force-dynamic';

export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  return showSectionFragment(request, (await params).slug);
}
