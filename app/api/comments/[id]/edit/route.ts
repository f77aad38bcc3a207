import { refreshIssuePages } from '@/app/_handlers/refresh';
import { changeComment } from '@/app/_handlers/comments';

export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { response, changedSlug } = await changeComment(request, (await params).id, 'edit');
  refreshIssuePages(changedSlug);
  return response;
}
