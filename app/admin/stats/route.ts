import { showStats } from '@/app/_handlers/stats';
import { withDatabase } from '@/app/_handlers/unavailable';

export const dynamic = 'force-dynamic';

export const GET = withDatabase(async (request: Request) => {
  return showStats(request);
});
