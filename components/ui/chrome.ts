import { html, type Html } from '@/lib/html/html';
import { renderSubscribeSlot } from '@/components/newsletter/subscribe-slot';
import { MAX_QUERY_LENGTH } from '@/lib/search/query';

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
${renderSearchBox({ id: 'site-search-q', label: 'Search the site', visibleLabel: false })}
</div>
</header>`;
}

/** A GET form to /search (works without JavaScript): in the header of every page, and atop the results. */
export function renderSearchBox(p: { id: string; label: string; visibleLabel: boolean; value?: string }): Html {
  return html`<form class="site-search" role="search" method="get" action="/search" aria-label="${p.label}">
<label for="${p.id}"${p.visibleLabel ? '' : html` class="sr-only"`}>${p.label}</label>
<input id="${p.id}" type="search" name="q" maxlength="${MAX_QUERY_LENGTH}" value="${p.value ?? ''}" autocomplete="off">
<button type="submit">Search</button>
</form>`;
}

export function renderSiteFooter(site: SiteInfo): Html {
  return html`<footer class="site-footer">
<div class="wrap">
${renderSubscribeSlot('footer')}
<p>${site.title} is written by ${site.author}. Follow by <a href="/feed.xml">RSS</a> or <a href="/atom.xml">Atom</a>; everything ever published is in the <a href="/archive">archive</a>.</p>
</div>
</footer>`;
}
