import { html } from '@/lib/html/html';
import { renderDocument } from './document';
import type { SiteInfo } from './chrome';

/** A short page that tells the reader what happened and where to go next. */
export function renderMessagePage(
  site: SiteInfo,
  p: { title: string; message: string; back?: { href: string; label: string }; button?: { action: string; label: string } },
): string {
  return renderDocument({
    site,
    title: `${p.title} · ${site.title}`,
    description: p.message,
    canonical: `${site.url}/`,
    head: html`<meta name="robots" content="noindex">`,
    main: html`<h1 class="page-title">${p.title}</h1><p>${p.message}</p>
${p.button ? html`<form method="post" action="${p.button.action}" class="form-actions"><button type="submit">${p.button.label}</button></form>` : ''}
<p>${p.back ? html`<a href="${p.back.href}">${p.back.label}</a> · ` : ''}<a href="/">Home</a></p>`,
  });
}
