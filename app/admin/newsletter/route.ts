import { showNewsletterAdmin } from '@/app/_handlers/newsletter-admin';
import { withDatabase } from '@/app/_handlers/unavailable';

export const dynamic = 'force-dynamic';

export const GET = withDatabase(async (request: Request) => {
  return showNewsletterAdmin(request);
});
