import { html, type Html } from '@/lib/html/html';
import { renderSubscribeForm } from './subscribe-form';

export type SubscribePlacement = 'mid-article' | 'after-article' | 'footer';

/**
 * The subscribe call-to-action: in the middle of a long article and after it (with the live,
 * friendly count in `cta`), and a small form in the footer of every page.
 */
export function renderSubscribeSlot(placement: SubscribePlacement, cta?: string): Html {
  if (placement === 'footer') {
    return html`<section class="footer-subscribe" aria-labelledby="footer-subscribe-title">
<h2 id="footer-subscribe-title">Get new issues by email</h2>
${renderSubscribeForm({ source: 'footer' })}
</section>`;
  }
  if (!cta) return html``;
  const id = `cta-${placement}`;
  return html`<section class="subscribe-cta" aria-labelledby="${id}-title" data-slot="${placement}">
<h2 id="${id}-title">${placement === 'mid-article' ? 'Never miss an issue' : 'Subscribe to the newsletter'}</h2>
<p>${cta}</p>
${renderSubscribeForm({ source: 'inline', idSuffix: `-${placement}` })}
</section>`;
}
