import { showPreview } from '@/app/_handlers/preview';
import { withDatabase } from '@/app/_handlers/unavailable';

// Per request, never stored: who asks decides whether there is a page at all.
export const dynamic = 'force-dynamic';

export const GET = withDatabase(async (request: Request, { params }: { params: Promise<{ slug: string }> }) => {
  return showPreview(request, (await params).slug);
});
