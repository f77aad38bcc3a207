import { refreshIssuePages } from '@/app/_handlers/refresh';
import { moderate } from '@/app/_handlers/admin';

export async function POST(request: Request) {
  const { response, changedSlug } = await moderate(request, 'edit');
  refreshIssuePages(changedSlug);
  return response;
}
