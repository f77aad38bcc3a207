import { renderArchivePage } from '@/components/site/list-pages';
import { getArchive, getTags } from '@/lib/content/service';
import { htmlResponse } from '@/lib/http';
import { getSiteInfo } from '@/lib/site';

export const dynamic = 'force-static';

export function GET() {
  return htmlResponse(renderArchivePage(getSiteInfo(), getArchive(), getTags()));
}
