import { postSubscribe } from '@/app/_handlers/newsletter';
import { withDatabase } from '@/app/_handlers/unavailable';

export const POST = withDatabase(async (request: Request) => {
  return postSubscribe(request);
});
