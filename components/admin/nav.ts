import { html, type Html } from '@/lib/html/html';

const PAGES = [
  { href: '/admin/publishing', label: 'Publishing' },
  { href: '/admin/comments', label: 'Comments' },
  { href: '/admin/newsletter', label: 'Newsletter' },
  { href: '/admin/stats', label: 'Reading statistics' },
] as const;

/** The links between the author's pages, the current one marked. */
export function renderAdminNav(current: (typeof PAGES)[number]['href']): Html {
  return html`<nav aria-label="Author pages"><ul class="admin-nav">${PAGES.map(
    (p) => html`<li><a href="${p.href}"${p.href === current ? html` aria-current="page"` : ''}>${p.label}</a></li>`,
  )}</ul></nav>`;
}
