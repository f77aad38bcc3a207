import { refreshIssuePages } from '@/app/_handlers/refresh';
import { postComment } from '@/app/_handlers/comments';
import { withDatabase } from '@/app/_handlers/unavailable';

export const POST = withDatabase(async (request: Request) => {
  const { response, changedSlug } = await postComment(request);
  refreshIssuePages(changedSlug);
  return response;
});
