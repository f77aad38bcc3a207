import { renderSearchPage } from '@/components/site/search-page';
import { withDatabase } from '@/app/_handlers/unavailable';
import { htmlResponse } from '@/lib/http';
import { searchSite } from '@/lib/search/service';
import { getSiteInfo } from '@/lib/site';

// Rendered per request and never stored: every query is an address of its own (a store keyed by
// query would grow without bound) and results follow each new comment. scripts/response-policy.mjs
// sends `private, no-store` for it; a query costs a few milliseconds (npm run bench:search).
export const dynamic = 'force-dynamic';

export const GET = withDatabase(async (request: Request) => {
  const outcome = await searchSite(new URL(request.url).searchParams.get('q'));
  return htmlResponse(renderSearchPage(getSiteInfo(), outcome));
});
