// HTTP glue for /admin/stats.
import { renderStatsPage } from '@/components/admin/stats-page';
import { htmlResponse, seeOther } from '@/lib/http';
import { getSiteInfo } from '@/lib/site';
import { getReadingStats } from '@/lib/views/service';
import { isAuthorRequest } from './admin';

export async function showStats(request: Request): Promise<Response> {
  if (!(await isAuthorRequest(request))) return seeOther('/admin');
  return htmlResponse(renderStatsPage(getSiteInfo(), await getReadingStats()), 200, { 'cache-control': 'private, no-store' });
}
