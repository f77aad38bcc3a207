import { refreshIssuePages } from '@/app/_handlers/refresh';
import { emailAction } from '@/app/_handlers/admin';

export const dynamic = 'force-dynamic';

async function handle(request: Request) {
  const { response, changedSlug } = await emailAction(request);
  refreshIssuePages(changedSlug);
  return response;
}

export { handle as GET, handle as POST };
