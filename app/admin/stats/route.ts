import { showStats } from '@/app/_handlers/stats';

export const dynamic = 'force-dynamic';

export function GET(request: Request) {
  return showStats(request);
}
