import { renderHomePage } from '@/components/site/list-pages';
import { getCommentCounts } from '@/lib/comments/discussion';
import { getIntroHtml, getIssues } from '@/lib/content/service';
import { htmlResponse } from '@/lib/http';
import { getSiteInfo } from '@/lib/site';

// Prerendered: plain HTML with no client JavaScript, refreshed when comments change (or each minute).
export const dynamic = 'force-static';
export const revalidate = 60;

export async function GET() {
  return htmlResponse(renderHomePage(getSiteInfo(), getIntroHtml(), getIssues(), await getCommentCounts()));
}
