// HTTP glue for the link in the reply-email confirmation (issue 10, point 5).
import { renderMessagePage } from '@/components/ui/message-page';
import { confirmReplyEmails, describeReplyConfirm } from '@/lib/comments/reply-addresses';
import { getEnv } from '@/lib/env';
import { htmlResponse } from '@/lib/http';
import { isSameOrigin } from '@/lib/request';
import { getSiteInfo } from '@/lib/site';

const NO_STORE = { 'cache-control': 'private, no-store' };
const invalid = () =>
  htmlResponse(
    renderMessagePage(getSiteInfo(), { title: 'This link does not work', message: 'The link is incomplete, was changed, or is older than a week. Nothing was changed.' }),
    400,
    NO_STORE,
  );
const done = (email: string) =>
  htmlResponse(renderMessagePage(getSiteInfo(), { title: 'Reply emails are on', message: `We will email ${email} when someone replies to your comments. Every email has a link to stop them.` }), 200, NO_STORE);
const stale = () =>
  htmlResponse(
    renderMessagePage(getSiteInfo(), { title: 'This link was replaced', message: 'A newer confirmation email was sent to this address. Use the link in that one; this one changes nothing.' }),
    409,
    NO_STORE,
  );

/** GET shows one button: a mail scanner that follows the link must confirm nothing. */
export async function showConfirmReplies(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const described = await describeReplyConfirm(url.searchParams.get('token'));
  if (!described) return invalid();
  if (described.state === 'confirmed') return done(described.email);
  if (described.state === 'stale') return stale();
  return htmlResponse(
    renderMessagePage(getSiteInfo(), {
      title: 'Email you about replies?',
      message: `Press the button to have replies to your comments emailed to ${described.email}. If you did not ask for this, close this page.`,
      button: { action: `${url.pathname}${url.search}`, label: 'Yes, email me about replies' },
    }),
    200,
    NO_STORE,
  );
}

export async function confirmReplies(request: Request): Promise<Response> {
  if (!isSameOrigin(request, getEnv().SITE_URL)) return invalid();
  const result = await confirmReplyEmails(new URL(request.url).searchParams.get('token'));
  if (!result.ok) return invalid();
  return result.value.state === 'stale' ? stale() : done(result.value.email);
}
