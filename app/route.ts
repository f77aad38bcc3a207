import { renderHomePage } from '@/components/site/list-pages';
import { getIntroHtml, getIssues } from '@/lib/content/service';
import { htmlResponse } from '@/lib/http';
import { getSiteInfo } from '@/lib/site';

// Prerendered at build: the home page is plain HTML with no client JavaScript.
export const dynamic = 'force-static';

export function GET() {
  return htmlResponse(renderHomePage(getSiteInfo(), getIntroHtml(), getIssues()));
}
