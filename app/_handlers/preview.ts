// HTTP glue for previews: a draft or scheduled issue at its own address, for the author or the
// holder of a preview link. Anyone else gets the 404 page an unknown address gets.
import { notFound } from 'next/navigation';
import { renderIssuePage, type Preview } from '@/components/article/issue-page';
import { getCover, getOtherIssues, getRenderedPreview, type RenderedIssue } from '@/lib/content/service';
import { mayPreview } from '@/lib/content/preview';
import { formatGoLive, formatWait } from '@/lib/content/schedule';
import { getEnv } from '@/lib/env';
import { htmlResponse } from '@/lib/http';
import { getCallToAction } from '@/lib/newsletter/service';
import { getSiteInfo } from '@/lib/site';

const PRIVATE = { 'cache-control': 'private, no-store', 'x-robots-tag': 'noindex' };

function previewOf(issue: RenderedIssue, now: Date): Preview {
  return issue.draft ? { kind: 'draft' } : { kind: 'scheduled', goesLive: formatGoLive(issue.liveAt), wait: formatWait(now, new Date(issue.liveAt)) };
}

/** GET /preview/<slug> (scripts/server.mjs sends a draft's own address here). */
export async function showPreview(request: Request, slug: string): Promise<Response> {
  const now = new Date();
  const issue = getRenderedPreview(slug, now);
  // scripts/server.mjs asked the same before sending the request here (anyone else got the 404 page).
  if (!issue || !(await mayPreview({ url: request.url, cookie: request.headers.get('cookie') }, slug, now))) notFound();
  const cta = await getCallToAction();
  const page = renderIssuePage({
    site: getSiteInfo(), issue, others: getOtherIssues(slug), cover: getCover(issue), comments: null, cta,
    popupDelaySeconds: getEnv().POPUP_DELAY_SECONDS, preview: previewOf(issue, now),
  });
  return htmlResponse(page, 200, PRIVATE);
}
