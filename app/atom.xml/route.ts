import { getAtomFeed } from '@/lib/feeds/service';
import { xmlResponse } from '@/lib/http';

export const dynamic = 'force-static';

export function GET() {
  return xmlResponse(getAtomFeed(), 'application/atom+xml');
}
