// HTTP glue for the one-click stop of reply emails (the link in every reply notification).
import { renderMessagePage } from '@/components/ui/message-page';
import { readReplyOptOut, stopReplyEmailsByToken } from '@/lib/comments/reply-addresses';
import { getEnv } from '@/lib/env';
import { htmlResponse } from '@/lib/http';
import { isSameOrigin } from '@/lib/request';
import { getSiteInfo } from '@/lib/site';

const invalid = () =>
  htmlResponse(
    renderMessagePage(getSiteInfo(), { title: 'This link does not work', message: 'The link is incomplete or was changed. Copy the whole link from the email and try again.' }),
    400,
  );

/** GET shows one button (mail scanners follow links and must not opt anyone out); POST does it. */
export async function showStopReplies(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const email = await readReplyOptOut(url.searchParams.get('token'));
  if (!email) return invalid();
  return htmlResponse(
    renderMessagePage(getSiteInfo(), {
      title: 'Stop reply emails?',
      message: `We will no longer email ${email} when someone replies to your comments.`,
      button: { action: `${url.pathname}${url.search}`, label: 'Stop reply emails' },
    }),
  );
}

export async function stopReplies(request: Request): Promise<Response> {
  if (!isSameOrigin(request, getEnv().SITE_URL)) return invalid();
  const result = await stopReplyEmailsByToken(new URL(request.url).searchParams.get('token'));
  if (!result.ok) return invalid();
  return htmlResponse(renderMessagePage(getSiteInfo(), { title: 'No more reply emails', message: `We will no longer email ${result.value} when someone replies to your comments.` }));
}
