import { showPublishingAdmin } from '@/app/_handlers/publishing-admin';
import { withDatabase } from '@/app/_handlers/unavailable';

export const dynamic = 'force-dynamic';

export const GET = withDatabase(async (request: Request) => {
  return showPublishingAdmin(request);
});
