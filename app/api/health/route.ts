import { jsonResponse } from '@/lib/http';
import { checkHealth } from '@/lib/health';

export const dynamic = 'force-dynamic';

/** GET /api/health: 200 when the app and its database are up, 503 (with Retry-After) otherwise. */
export async function GET() {
  const health = await checkHealth();
  const ok = health.status === 'ok';
  return jsonResponse(health, ok ? 200 : 503, { 'cache-control': 'no-store', ...(ok ? {} : { 'retry-after': '5' }) });
}
