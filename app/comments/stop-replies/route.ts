import { renderMessagePage } from '@/components/ui/message-page';
import { stopReplyEmailsByToken } from '@/lib/comments/notifications';
import { htmlResponse } from '@/lib/http';
import { getSiteInfo } from '@/lib/site';

export const dynamic = 'force-dynamic';

export async function GET(request: Request) {
  const result = await stopReplyEmailsByToken(new URL(request.url).searchParams.get('token'));
  const page = result.ok
    ? { title: 'No more reply emails', message: `We will no longer email ${result.value} when someone replies to your comments.` }
    : { title: 'This link does not work', message: 'The link is incomplete or was changed. Copy the whole link from the email and try again.' };
  return htmlResponse(renderMessagePage(getSiteInfo(), page), result.ok ? 200 : 400);
}
