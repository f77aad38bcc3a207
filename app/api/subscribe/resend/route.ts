import { postResend } from '@/app/_handlers/newsletter';
import { withDatabase } from '@/app/_handlers/unavailable';

export const POST = withDatabase(async (request: Request) => {
  return postResend(request);
});
