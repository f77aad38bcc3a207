import { showNewsletterAdmin } from '@/app/_handlers/newsletter-admin';

export const dynamic = 'force-dynamic';

export function GET(request: Request) {
  return showNewsletterAdmin(request);
}
