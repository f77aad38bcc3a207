import { verifyLink } from '@/app/_handlers/admin';
import { withDatabase } from '@/app/_handlers/unavailable';

export const dynamic = 'force-dynamic';

export const GET = withDatabase(async (request: Request) => {
  return verifyLink(request);
});
