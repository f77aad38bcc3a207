import { refreshIssuePages } from '@/app/_handlers/refresh';
import { postComment } from '@/app/_handlers/comments';

export async function POST(request: Request) {
  const { response, changedSlug } = await postComment(request);
  refreshIssuePages(changedSlug);
  return response;
}
