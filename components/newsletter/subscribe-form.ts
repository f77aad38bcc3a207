import { html, type Html } from '@/lib/html/html';
import type { SubscribeSource } from '@/lib/newsletter/schema';

/**
 * The one subscribe form, wherever it appears (in the article, the footer, the popup):
 * a plain POST that works without JavaScript. Field "Email", button "Subscribe".
 */
export function renderSubscribeForm(p: { source: SubscribeSource; idSuffix?: string; error?: string | undefined; value?: string | undefined }): Html {
  const id = `subscribe-${p.source}${p.idSuffix ?? ''}`;
  return html`<form class="subscribe-form" method="post" action="/api/subscribe" data-subscribe-form novalidate>
<input type="hidden" name="source" value="${p.source}">
<div class="hp" aria-hidden="true"><label for="${id}-website">Leave this field empty</label><input id="${id}-website" name="website" tabindex="-1" autocomplete="off"></div>
<div class="subscribe-row">
<label for="${id}-email">Email</label>
<input id="${id}-email" name="email" type="email" required maxlength="254" autocomplete="email" placeholder="you@example.com" value="${p.value ?? ''}"${p.error ? html` aria-invalid="true" aria-describedby="${id}-error"` : ''}>
<button type="submit">Subscribe</button>
</div>
<p class="subscribe-message" id="${id}-error" role="status">${p.error ?? ''}</p>
</form>`;
}
