import { refreshIssuePages } from '@/app/_handlers/refresh';
import { moderate } from '@/app/_handlers/admin';
import { withDatabase } from '@/app/_handlers/unavailable';

export const POST = withDatabase(async (request: Request) => {
  const { response, changedSlug } = await moderate(request, 'edit');
  refreshIssuePages(changedSlug);
  return response;
});
