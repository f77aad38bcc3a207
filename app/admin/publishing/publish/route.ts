import { postPublishNow } from '@/app/_handlers/publishing-admin';
import { withDatabase } from '@/app/_handlers/unavailable';

export const POST = withDatabase(async (request: Request) => {
  return postPublishNow(request);
});
