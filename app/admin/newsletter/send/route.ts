import { postSend } from '@/app/_handlers/newsletter-admin';
import { withDatabase } from '@/app/_handlers/unavailable';

export const POST = withDatabase(async (request: Request) => {
  return postSend(request);
});
