import { html, type Html } from '@/lib/html/html';
import { renderSubscribeForm } from './subscribe-form';

/**
 * The subscribe popup of issue pages: a closed native <dialog> that `public/js/popup.js` opens.
 *
 * Why <dialog> and showModal() rather than a div: a closed dialog is display:none and out of the
 * accessibility tree, so without JavaScript it simply never appears and it costs no layout; once
 * open it sits in the top layer and makes the page behind it inert (true modality, which a div can
 * only fake), with a ::backdrop and Escape for free, and without touching the body's overflow (no
 * scrollbar jump). The script still sets focus, traps Tab, and restores focus on close itself,
 * so the behaviour does not depend on any one browser's dialog details. role and aria-modal are
 * implicit for a modal <dialog>; they are spelled out because older assistive tech reads them.
 *
 * The script's contract: `[data-popup]` (with `data-popup-delay` in seconds), `[data-popup-close]`,
 * and the subscribe form inside it (`.subscribe-form`, `.subscribe-row`, `.subscribe-message`).
 */
export function renderSubscribePopup(p: { delaySeconds: number; ctaHeading: string; ctaText: string }): Html {
  return html`<dialog class="popup" id="subscribe-popup" role="dialog" aria-modal="true" aria-labelledby="subscribe-popup-title" aria-describedby="subscribe-popup-text" data-popup data-popup-delay="${p.delaySeconds}">
<div class="popup-body">
<button type="button" class="popup-close" data-popup-close>Close</button>
<h2 id="subscribe-popup-title">${p.ctaHeading}</h2>
<p id="subscribe-popup-text">${p.ctaText}</p>
${renderSubscribeForm({ source: 'popup' })}
</div>
</dialog>
<script type="module" src="/js/popup.js" async></script>`;
}

/**
 * The popup's styles, appended to the site stylesheet. Never set `display` on a closed dialog:
 * the browser's `display:none` is what keeps it out of the layout. Colours come from the site's
 * custom properties, so light and dark both keep their AA contrast. The status line stays displayed
 * while empty: a live region must already be in the accessibility tree for its first message to be heard.
 */
export const popupCss = String.raw`
.popup{width:min(30rem,calc(100% - 2rem));max-height:calc(100% - 2rem);padding:0;border:1px solid var(--line);border-radius:8px;background:var(--bg);color:var(--fg);box-shadow:0 .75rem 2.5rem rgb(0 0 0/.25);overscroll-behavior:contain}
.popup::backdrop{background:rgb(20 21 24/.55)}
.popup-body{padding:1.25rem 1.5rem 1.5rem;font:1rem/1.55 var(--sans)}
.popup h2{margin:0 4.5rem .5rem 0;font-size:1.3rem}
.popup p{margin:0 0 1rem}
.popup-close{float:right;margin:-.25rem -.5rem 0 1rem;font:inherit;font-size:.9rem;background:none;border:1px solid var(--line);border-radius:4px;padding:.2rem .7rem;color:var(--fg);cursor:pointer}
.popup-close:hover{border-color:var(--fg)}
.popup .subscribe-form{margin:0}
.popup .subscribe-row{display:flex;flex-wrap:wrap;gap:.5rem}
.popup .subscribe-row label{flex-basis:100%;font-weight:600}
.popup .subscribe-row input{flex:1 1 12rem;min-width:0;font:inherit;color:var(--fg);background:var(--bg);border:1px solid var(--muted);border-radius:4px;padding:.45rem .6rem}
.popup .subscribe-row button{font:inherit;font-weight:600;background:var(--accent);color:var(--bg);border:0;border-radius:4px;padding:.5rem 1.1rem;cursor:pointer}
.popup .subscribe-message{margin:.6rem 0 0}
.popup .subscribe-message:empty{display:block;margin:0}
.popup .subscribe-message[data-state=error]{color:#b3261e;font-weight:600}
@media (prefers-color-scheme:dark){.popup::backdrop{background:rgb(0 0 0/.7)}.popup .subscribe-message[data-state=error]{color:#ff9c94}}
@media (max-width:639.98px){.popup{width:100%;max-width:100%;margin:auto 0 0;border-width:1px 0 0;border-radius:12px 12px 0 0}.popup-body{padding-bottom:calc(1.5rem + env(safe-area-inset-bottom))}}
@media (prefers-reduced-motion:no-preference){.popup[open]{animation:popup-in .2s ease-out}.popup[open]::backdrop{animation:popup-fade .2s ease-out}
@keyframes popup-in{from{opacity:0;transform:translateY(1rem)}}@keyframes popup-fade{from{opacity:0}}}
@media print{.popup{display:none}}
`;
