import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { jsonResponse } from '@/lib/http';
import { isRefreshKey, REFRESH_HEADER } from '@/lib/publish/refresh';
import { readBody } from '@/lib/request';

// The process's own request to refresh stored pages after a publish (lib/publish/refresh.ts).
export const dynamic = 'force-dynamic';

const bodySchema = z.object({ paths: z.array(z.string().regex(/^(?:\*|\/[\w./-]{0,300})$/)).max(100_000) });

export async function POST(request: Request) {
  if (!isRefreshKey(request.headers.get(REFRESH_HEADER))) return jsonResponse({ error: 'not-found' }, 404);
  const body = await readBody(request, 8 * 1024 * 1024);
  const parsed = body.ok ? bodySchema.safeParse(body.value) : null;
  if (!parsed?.success) return jsonResponse({ error: 'invalid' }, 400);
  const { paths } = parsed.data;
  if (paths.includes('*')) revalidatePath('/', 'layout');
  else for (const p of paths) revalidatePath(p);
  return jsonResponse({ refreshed: paths.length });
}
