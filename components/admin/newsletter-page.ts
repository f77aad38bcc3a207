import { renderAdminNav } from './nav';
import { html, type Html } from '@/lib/html/html';
import type { GrowthPoint } from '@/lib/newsletter/growth';
import type { SubscriberRow, SubscriberStatus } from '@/lib/newsletter/admin';
import { renderDocument } from '@/components/ui/document';
import type { SiteInfo } from '@/components/ui/chrome';
import { renderGrowthChart } from './growth-chart';

type Send = { slug: string; subject: string; startedAt: Date; finishedAt: Date | null; sent: number; failed: number; bounced: number };
type Held = { slug: string; subject: string; releaseAt: Date; timeLeft: string };
type Props = {
  site: SiteInfo;
  held: Held[];
  counts: Record<SubscriberStatus, number>;
  growth: GrowthPoint[];
  sends: Send[];
  issues: Array<{ slug: string; title: string }>;
  query: string;
  results: SubscriberRow[];
  notice?: string | undefined;
  sending: boolean;
};

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 16).replace('T', ' ') : '');

/** /admin/newsletter: the list at a glance, sending, and moving subscribers in and out. */
export function renderNewsletterAdmin(p: Props): string {
  const unsent = p.issues.filter((i) => !p.sends.some((s) => s.slug === i.slug));
  const main: Html = html`<h1 class="page-title">Newsletter</h1>
${renderAdminNav('/admin/newsletter')}
${p.notice ? html`<p class="notice" role="status">${p.notice}</p>` : ''}
<section aria-labelledby="counts-title"><h2 id="counts-title">Subscribers</h2>
<ul class="stat-list">${(['confirmed', 'pending', 'unsubscribed', 'bounced'] as const).map(
  (s) => html`<li><strong>${p.counts[s].toLocaleString('en')}</strong> ${s}</li>`,
)}</ul>
${renderGrowthChart(p.growth)}</section>
${renderHeldSends(p.held)}
<section aria-labelledby="send-title"><h2 id="send-title">Send an issue</h2>
${p.sending ? html`<p class="notice">A send is running. Its progress shows below as deliveries are recorded; reload to follow it.</p>` : ''}
<form method="post" action="/admin/newsletter/send" class="comment-form">
<div class="field"><label for="send-slug">Issue</label><select id="send-slug" name="slug">${[...unsent, ...p.issues.filter((i) => !unsent.includes(i))].map(
  (i) => html`<option value="${i.slug}">${i.title}${unsent.includes(i) ? '' : ' (sent before: sends only to those who missed it)'}</option>`,
)}</select></div>
<div class="form-actions"><button type="submit" name="mode" value="test">Send a test to the author</button> <button type="submit" name="mode" value="all">Send to ${p.counts.confirmed.toLocaleString('en')} subscriber${p.counts.confirmed === 1 ? '' : 's'}</button></div>
</form>
${p.sends.length
  ? html`<table><caption class="sr-only">Past sends</caption><thead><tr><th>Issue</th><th>Started</th><th>Finished</th><th>Delivered</th><th>Failed</th><th>Bounced</th></tr></thead><tbody>${p.sends.map(
      (s) => html`<tr><td>${s.subject}</td><td>${day(s.startedAt)}</td><td>${day(s.finishedAt) || 'running or stopped'}</td><td>${s.sent.toLocaleString('en')}</td><td>${s.failed.toLocaleString('en')}</td><td>${s.bounced.toLocaleString('en')}</td></tr>`,
    )}</tbody></table>`
  : html`<p>No issue has been sent yet.</p>`}
</section>
<section aria-labelledby="search-title"><h2 id="search-title">Find a subscriber</h2>
<form method="get" action="/admin/newsletter" role="search" class="comment-form"><div class="field"><label for="q">Email contains</label><input id="q" name="q" value="${p.query}"></div><div class="form-actions"><button type="submit">Search</button></div></form>
${p.query
  ? p.results.length
    ? html`<table><thead><tr><th>Email</th><th>Status</th><th>Source</th><th>Consent</th></tr></thead><tbody>${p.results.map(
        (r) => html`<tr><td>${r.email}</td><td>${r.status}</td><td>${r.source}</td><td>${day(r.consentAt)}</td></tr>`,
      )}</tbody></table>`
    : html`<p>No subscriber matches.</p>`
  : ''}
</section>
<section aria-labelledby="csv-title"><h2 id="csv-title">Import and export</h2>
<p><a href="/admin/newsletter/export.csv" download>Download every subscriber as CSV</a></p>
<form method="post" action="/admin/newsletter/import" enctype="multipart/form-data" class="comment-form">
<p>Import people who agreed to receive the newsletter elsewhere: a CSV with an <code>email</code> column and, optionally, <code>consent_at</code> (when they agreed). They are added as confirmed, with source "import". Addresses already here are left unchanged, so nobody who unsubscribed is added back.</p>
<div class="field"><label for="csv-file">CSV file</label><input id="csv-file" name="file" type="file" accept=".csv,text/csv"></div>
<div class="form-actions"><button type="submit">Import</button></div>
</form></section>`;
  return renderDocument({
    site: p.site,
    title: `Newsletter · Admin · ${p.site.title}`,
    description: 'The newsletter.',
    canonical: `${p.site.url}/admin/newsletter`,
    head: html`<meta name="robots" content="noindex">`,
    main,
  });
}

/** Issues with `newsletter: true` that went live, waiting out NEWSLETTER_HOLD_MINUTES before the send. */
function renderHeldSends(held: Held[]): Html | string {
  if (held.length === 0) return '';
  return html`<section aria-labelledby="held-title"><h2 id="held-title">Waiting to be sent</h2>
<p>These issues went live with <code>newsletter: true</code>. Each is emailed to every confirmed subscriber when its hold ends, unless you cancel it.</p>
<table><caption class="sr-only">Sends waiting out their hold</caption><thead><tr><th>Issue</th><th>Sends at</th><th>Time left</th><th><span class="sr-only">Cancel</span></th></tr></thead><tbody>${held.map(
  (h) => html`<tr><td>${h.subject}</td><td>${day(h.releaseAt)} UTC</td><td>${h.timeLeft}</td><td><form method="post" action="/admin/newsletter/cancel"><input type="hidden" name="slug" value="${h.slug}"><button type="submit" aria-label="Cancel the send of ${h.subject}">Cancel</button></form></td></tr>`,
)}</tbody></table></section>`;
}
