import { html, type Html } from '@/lib/html/html';
import { renderSubscribeSlot } from '@/components/newsletter/subscribe-slot';
import { MAX_QUERY_LENGTH } from '@/lib/search/query';

/** What every page needs to know about the site (lib/site.ts: site.yml, else the environment). */
export type SiteInfo = {
  url: string;
  title: string;
  description: string;
  author: string;
  lang: string;
  /** The author's box after each issue (site.yml `author`); absent without a site.yml. */
  profile?: AuthorProfile | null;
  /** site.yml `accent`, checked for WCAG AA in both schemes; null: the stylesheet's own. */
  accent?: { light: string; dark: string } | null;
  /** site.yml `footer`. */
  footer?: string | null;
  /** site.yml `logo` (an image of the content), shown before the title. */
  logo?: string | null;
  /** site.yml `navigation`: the header's links instead of the default ones. */
  navigation?: Array<{ label: string; href: string }> | null;
};

const DEFAULT_NAVIGATION = [
  { label: 'Issues', href: '/' },
  { label: 'Archive', href: '/archive' },
  { label: 'RSS', href: '/feed.xml' },
];

export type AuthorProfile = {
  bio?: string | undefined;
  avatar?: string | undefined;
  links?: { website?: string | undefined; mastodon?: string | undefined; github?: string | undefined; linkedin?: string | undefined; email?: string | undefined } | undefined;
};

export function renderSiteHeader(site: SiteInfo): Html {
  return html`<header class="site-header">
<div class="wrap">
<a class="site-title" href="/">${site.logo ? html`<img class="site-logo" src="${site.logo}" alt="" width="32" height="32">` : ''}${site.title}</a>
<nav class="site-nav" aria-label="Main">
<ul>
${(site.navigation ?? DEFAULT_NAVIGATION).map((link) => html`<li><a href="${link.href}">${link.label}</a></li>`)}
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
${site.footer ? html`<p class="site-footer-note">${site.footer}</p>` : ''}
<p>${site.title} is written by ${site.author}. Follow by <a href="/feed.xml">RSS</a> or <a href="/atom.xml">Atom</a>; everything ever published is in the <a href="/archive">archive</a>.</p>
</div>
</footer>`;
}
