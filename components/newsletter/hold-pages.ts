import { html } from '@/lib/html/html';
import { renderDocument } from '@/components/ui/document';
import type { SiteInfo } from '@/components/ui/chrome';
import type { CancelError } from '@/lib/newsletter/hold-service';

const page = (site: SiteInfo, title: string, main: ReturnType<typeof html>) =>
  renderDocument({ site, title: `${title} · ${site.title}`, description: title, canonical: `${site.url}/`, head: html`<meta name="robots" content="noindex">`, main });

const utc = (at: Date) => `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** GET of the cancel link in the author's preview: one button, so a mail scanner following links cancels nothing. */
export function renderCancelSendPage(site: SiteInfo, p: { subject: string; releaseAt: Date; timeLeft: string; token: string }): string {
  return page(site, 'Cancel this send?', html`<h1 class="page-title">Cancel the newsletter for “${p.subject}”?</h1>
<p>It goes to every confirmed subscriber at ${utc(p.releaseAt)} (in ${p.timeLeft}). Cancelling stops that send; the issue stays published.</p>
<form method="post" action="/admin/newsletter/cancel" class="form-actions"><input type="hidden" name="token" value="${p.token}"><button type="submit">Cancel this send</button></form>
<p>To let it go, close this page: nothing changes without the button.</p>`);
}

export function renderSendCancelledPage(site: SiteInfo, subject: string): string {
  return page(site, 'Send cancelled', html`<h1 class="page-title">Send cancelled</h1>
<p>“${subject}” will not be emailed to subscribers. It stays published on the site; to email it later, use <a href="/admin/newsletter">the newsletter page</a>.</p>`);
}

const REFUSALS: Record<CancelError, { title: string; message: string; status: number }> = {
  released: { title: 'Too late to cancel', message: 'The hold is over and the send to subscribers has started, so it can no longer be cancelled.', status: 409 },
  cancelled: { title: 'Already cancelled', message: 'This send was cancelled already: nothing will be emailed to subscribers.', status: 409 },
  expired: { title: 'This link has expired', message: 'Cancel links work for 7 days. See the newsletter page for the sends still waiting.', status: 410 },
  invalid: { title: 'This link does not work', message: 'The link is incomplete or was changed, so nothing was cancelled.', status: 400 },
};

/** Why a cancel was refused, with the status the handler answers. */
export function renderCancelRefusedPage(site: SiteInfo, reason: CancelError): { body: string; status: number } {
  const r = REFUSALS[reason];
  return { status: r.status, body: page(site, r.title, html`<h1 class="page-title">${r.title}</h1>
<p>${r.message}</p>
<p><a href="/admin/newsletter">The newsletter page</a></p>`) };
}
