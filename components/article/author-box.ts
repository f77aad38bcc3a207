import { html, type Html } from '@/lib/html/html';
import type { SiteInfo } from '@/components/ui/chrome';

const LINKS = [
  ['website', 'Website'],
  ['mastodon', 'Mastodon'],
  ['github', 'GitHub'],
  ['linkedin', 'LinkedIn'],
] as const;

/**
 * Who wrote the issue, after it (site.yml `author`): avatar, name, bio and links. The Mastodon link
 * carries rel="me", so the profile there can verify this site. Nothing without a site.yml.
 */
export function renderAuthorBox(site: SiteInfo): Html | '' {
  const profile = site.profile;
  if (!profile) return '';
  const links = profile.links ?? {};
  const items = [
    ...LINKS.filter(([key]) => links[key]).map(([key, label]) => html`<li><a href="${links[key]!}" rel="${key === 'mastodon' ? 'me noopener' : 'noopener'}">${label}</a></li>`),
    ...(links.email ? [html`<li><a href="mailto:${links.email}">Email</a></li>`] : []),
  ];
  return html`<aside class="author-box" aria-label="About the author">
${profile.avatar ? html`<img class="author-avatar" src="${profile.avatar}" alt="" width="64" height="64" loading="lazy" decoding="async">` : ''}
<div>
<p class="author-name">Written by <strong>${site.author}</strong></p>
${profile.bio ? html`<p class="author-bio">${profile.bio}</p>` : ''}
${items.length ? html`<ul class="author-links">${items}</ul>` : ''}
</div>
</aside>`;
}
