// HTTP glue for /admin/publishing: what is live, and Publish now.
import { renderPublishingAdmin } from '@/components/admin/publishing-page';
import { getEnv } from '@/lib/env';
import { htmlResponse, seeOther } from '@/lib/http';
import { getPublishingOverview } from '@/lib/publish/overview';
import { describeOutcome } from '@/lib/publish/report';
import { publish } from '@/lib/publish/service';
import { isSameOrigin } from '@/lib/request';
import { getSiteInfo } from '@/lib/site';
import { isAuthorRequest } from './admin';
import { refusedCrossSite } from './refused';

async function page(notice?: string): Promise<Response> {
  const overview = await getPublishingOverview();
  return htmlResponse(renderPublishingAdmin({ site: getSiteInfo(), overview, notice }), 200, { 'cache-control': 'private, no-store' });
}

export async function showPublishingAdmin(request: Request): Promise<Response> {
  if (!(await isAuthorRequest(request))) return seeOther('/admin');
  return page();
}

/** POST /admin/publishing/publish: publishes as `npm run publish` does and shows the outcome with the page. */
export async function postPublishNow(request: Request): Promise<Response> {
  if (!(await isAuthorRequest(request))) return seeOther('/admin');
  if (!isSameOrigin(request, getEnv().SITE_URL)) return refusedCrossSite();
  const outcome = await publish('command');
  return page(describeOutcome(outcome));
}
