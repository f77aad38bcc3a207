import { html, type Html } from '@/lib/html/html';
import { renderSubscribeSlot } from '@/components/newsletter/subscribe-slot';

/** What every page needs to know about the site. */
export type SiteInfo = { url: string; title: string; description: string; author: string; lang: string };

export function renderSiteHeader(site: SiteInfo): Html {
  return html`<header class="site-header">
<div class="wrap">
<a class="site-title" href="/">${site.title}</a>
<nav class="site-nav" aria-label="Main">
<ul>
<li><a href="/">Issues</a></li>
<li><a href="/archive">Archive</a></li>
<li><a href="/feed.xml">RSS</a></li>
</ul>
</nav>
</div>
</header>`;
}

export function renderSiteFooter(site: SiteInfo): Html {
  return html`<footer class="site-footer">
<div class="wrap">
${renderSubscribeSlot('footer')}
<p>${site.title} is written by ${site.author}. Follow by <a href="/feed.xml">RSS</a> or <a href="/atom.xml">Atom</a>; everything ever published is in the <a href="/archive">archive</a>.</p>
</div>
</footer>`;
}
