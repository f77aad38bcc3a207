import { refreshIssuePages } from '@/app/_handlers/refresh';
import { changeComment } from '@/app/_handlers/comments';
import { withDatabase } from '@/app/_handlers/unavailable';

export const POST = withDatabase(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { response, changedSlug } = await changeComment(request, (await params).id, 'delete');
  refreshIssuePages(changedSlug);
  return response;
});
