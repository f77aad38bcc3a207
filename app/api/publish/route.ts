import { getEnv } from '@/lib/env';
import { jsonResponse } from '@/lib/http';
import { outcomeResponse } from '@/lib/publish/http';
import { publish } from '@/lib/publish/service';
import { judgeWebhook, WEBHOOK_MAX_BYTES } from '@/lib/publish/webhook';
import { readBytes } from '@/lib/request';

// The push webhook of GitHub, Gitea/Forgejo or GitLab: answers once the new version is live (200)
// or refused (422), so the author sees the outcome in the provider's delivery log.
export const dynamic = 'force-dynamic';

export async function POST(request: Request) {
  const body = await readBytes(request, WEBHOOK_MAX_BYTES);
  if (!body.ok) return jsonResponse({ error: 'too-large', message: `a webhook body is at most ${WEBHOOK_MAX_BYTES} bytes` }, 413);
  const env = getEnv();
  const verdict = judgeWebhook(request.headers, body.value, env.PUBLISH_SECRET, env.CONTENT_GIT_BRANCH);
  switch (verdict.kind) {
    case 'unauthorized':
      return jsonResponse({ error: 'unauthorized', message: verdict.reason }, 401);
    case 'invalid':
      return jsonResponse({ error: 'invalid', message: verdict.reason }, 400);
    case 'ping':
      return jsonResponse({ status: 'ok', message: 'the webhook is set up; pushes to ' + env.CONTENT_GIT_BRANCH + ' publish' });
    case 'ignored':
      return jsonResponse({ status: 'ignored', message: verdict.reason }, 202);
    case 'push': {
      const { status, body: json } = outcomeResponse(await publish('webhook'));
      return jsonResponse(json, status);
    }
  }
}
