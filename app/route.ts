import { renderHomePage } from '@/components/site/list-pages';
import { getCommentCounts } from '@/lib/comments/discussion';
import { getIntroHtml, getIssues } from '@/lib/content/service';
import { htmlResponse } from '@/lib/http';
import { getSiteInfo } from '@/lib/site';
import { getPopularSlugs, getViewCounts } from '@/lib/views/service';

// Prerendered: plain HTML with no client JavaScript, refreshed when comments change (or each minute,
// which also brings the view counts and the popular list up to date).
export const dynamic = 'force-static';
export const revalidate = 60;

export async function GET() {
  const [comments, views, popular] = await Promise.all([getCommentCounts(), getViewCounts(), getPopularSlugs(5)]);
  return htmlResponse(renderHomePage(getSiteInfo(), getIntroHtml(), getIssues(), { comments, views, popular }));
}
