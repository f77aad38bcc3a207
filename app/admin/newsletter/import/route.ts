import { postImport } from '@/app/_handlers/newsletter-admin';
import { withDatabase } from '@/app/_handlers/unavailable';

export const POST = withDatabase(async (request: Request) => {
  return postImport(request);
});
