import { html } from '@/lib/html/html';
import { renderDocument } from '@/components/ui/document';
import type { SiteInfo } from '@/components/ui/chrome';
import { renderSubscribeForm } from './subscribe-form';

const page = (site: SiteInfo, title: string, main: ReturnType<typeof html>) =>
  renderDocument({ site, title: `${title} · ${site.title}`, description: title, canonical: `${site.url}/`, head: html`<meta name="robots" content="noindex">`, main });

/** After subscribing: check your inbox (never "subscribed" before the click), and send it again. */
export function renderCheckInboxPage(site: SiteInfo, p: { message: string; notice?: string | undefined; canResend: boolean }): string {
  return page(site, 'Check your inbox', html`<h1 class="page-title">Check your inbox</h1>
<p>${p.message}</p>
<p>It can take a minute or two. Look in your spam folder too.</p>
${p.notice ? html`<p class="notice" role="status">${p.notice}</p>` : ''}
${p.canResend ? html`<form method="post" action="/api/subscribe/resend" class="form-actions"><button type="submit">Send the email again</button></form>` : ''}
<p><a href="/">Back to the newsletter</a></p>`);
}

/** GET of a confirmation link: one button, so a mail scanner following links subscribes nobody. */
export function renderConfirmPage(site: SiteInfo, token: string): string {
  return page(site, 'Confirm your subscription', html`<h1 class="page-title">Confirm your subscription</h1>
<p>One click, and every new issue of ${site.title} arrives in your inbox.</p>
<form method="post" action="/subscribe/confirm" class="form-actions"><input type="hidden" name="token" value="${token}"><button type="submit">Confirm subscription</button></form>
<p>If you did not ask for this, close this page: nothing happens without the button.</p>`);
}

export function renderConfirmedPage(site: SiteInfo): string {
  return page(site, 'You are subscribed', html`<h1 class="page-title">Thank you, you are subscribed!</h1>
<p>Every new issue of ${site.title} will arrive in your inbox. A welcome email is on its way.</p>
<p><a href="/">Read the latest issues</a> · <a href="/archive">the archive</a></p>`);
}

export function renderConfirmFailedPage(site: SiteInfo, reason: 'invalid' | 'expired' | 'stale'): string {
  if (reason === 'stale') {
    return page(site, 'You unsubscribed after this link was sent', html`<h1 class="page-title">You unsubscribed after this link was sent</h1>
<p>So it no longer subscribes you, and nothing was changed. To get the newsletter again, subscribe below and confirm from the new email.</p>
${renderSubscribeForm({ source: 'inline', idSuffix: '-retry' })}`);
  }
  const expired = reason === 'expired';
  return page(site, 'This link does not work', html`<h1 class="page-title">${expired ? 'This link has expired' : 'This link does not work'}</h1>
<p>${expired ? 'Confirmation links work for 7 days.' : 'The link is incomplete or was changed.'} Subscribe again and we will send a fresh one.</p>
${renderSubscribeForm({ source: 'inline', idSuffix: '-retry' })}`);
}

/** GET of an unsubscribe link: one button, so a mail scanner following links unsubscribes nobody. */
export function renderUnsubscribePage(site: SiteInfo, p: { state: 'confirm' | 'done' | 'invalid'; email?: string; token?: string }): string {
  if (p.state === 'invalid') {
    return page(site, 'This link does not work', html`<h1 class="page-title">This link does not work</h1>
<p>The unsubscribe link is incomplete or was changed, so nothing was changed. Use the link in your most recent email, or reply to it and we will take you off the list.</p>`);
  }
  if (p.state === 'done') {
    return page(site, 'You are unsubscribed', html`<h1 class="page-title">You are unsubscribed</h1>
<p>${p.email} will get no more issues. Changed your mind? Subscribe again any time:</p>
${renderSubscribeForm({ source: 'inline', idSuffix: '-again', value: p.email })}`);
  }
  return page(site, 'Unsubscribe', html`<h1 class="page-title">Unsubscribe ${p.email}?</h1>
<p>You will get no more issues of ${site.title}.</p>
<form method="post" action="/unsubscribe?token=${encodeURIComponent(p.token ?? '')}" class="form-actions"><button type="submit">Unsubscribe</button></form>`);
}
