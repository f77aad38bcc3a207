import { serveContentImage } from '@/lib/content/images';

// An issue's image, from the live version's images/ folder (a content repository keeps them beside
// the Markdown), or its AVIF/WebP variant in a given width. Read per request: a publish that
// replaces an image shows at once.
export const dynamic = 'force-dynamic';

export async function GET(request: Request, { params }: { params: Promise<{ path: string[] }> }) {
  return serveContentImage(request, (await params).path);
}
