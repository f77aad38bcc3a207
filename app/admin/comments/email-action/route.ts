import { refreshIssuePages } from '@/app/_handlers/refresh';
import { emailAction } from '@/app/_handlers/admin';
import { withDatabase } from '@/app/_handlers/unavailable';

export const dynamic = 'force-dynamic';

async function handle(request: Request) {
  const { response, changedSlug } = await emailAction(request);
  refreshIssuePages(changedSlug);
  return response;
}

const guarded = withDatabase(handle);

export { guarded as GET, guarded as POST };
