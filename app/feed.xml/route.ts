import { getRssFeed } from '@/lib/feeds/service';
import { xmlResponse } from '@/lib/http';

export const dynamic = 'force-static';

export function GET() {
  return xmlResponse(getRssFeed(), 'application/rss+xml');
}
