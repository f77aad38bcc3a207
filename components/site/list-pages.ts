import { html, raw } from '@/lib/html/html';
import type { Issue } from '@/lib/content/load';
import { renderIssueList } from '@/components/article/issue-list';
import { formatViews } from '@/components/article/issue-meta';
import { renderCommentFeedLink, renderDocument, renderSocialMeta } from '@/components/ui/document';
import type { SiteInfo } from '@/components/ui/chrome';

export type HomeCounts = {
  comments: Map<string, number>;
  views: Map<string, number>;
  /** The most read issues of the last 30 days, most first. */
  popular: Array<{ slug: string; views: number }>;
};

/** Home: the author's intro, the most read issues of the month, then every issue, newest first. */
export function renderHomePage(
  site: SiteInfo,
  introHtml: string,
  issues: Issue[],
  counts: HomeCounts = { comments: new Map(), views: new Map(), popular: [] },
): string {
  const bySlug = new Map(issues.map((i) => [i.slug, i]));
  const popular = counts.popular.flatMap((p) => (bySlug.has(p.slug) ? [{ issue: bySlug.get(p.slug)!, views: p.views }] : []));
  const main = html`<section class="intro" aria-labelledby="intro-title">
<h1 id="intro-title" class="page-title">${site.title}</h1>
${raw(introHtml)}
</section>
${popular.length > 0
    ? html`<section class="popular" aria-labelledby="popular-title">
<h2 id="popular-title">Popular issues</h2>
<ol>${popular.map((p) => html`<li><a href="/${p.issue.slug}">${p.issue.title}</a> <span class="meta">${formatViews(p.views)} in the last 30 days</span></li>`)}</ol>
</section>`
    : ''}
<section aria-labelledby="issues-title">
<h2 id="issues-title" class="${popular.length > 0 ? 'section-title' : 'sr-only'}">${popular.length > 0 ? 'All issues' : 'Newsletter issues'}</h2>
${renderIssueList(issues, 3, counts)}
</section>`;
  return renderDocument({
    site,
    title: site.title,
    description: site.description,
    canonical: `${site.url}/`,
    head: html`${renderSocialMeta({ site, type: 'website', title: site.title, description: site.description, url: `${site.url}/`, image: `${site.url}/og` })}
${renderCommentFeedLink(site, null)}`,
    main,
  });
}

/** Every issue carrying one tag. */
export function renderTagPage(site: SiteInfo, tag: string, issues: Issue[]): string {
  const title = `Issues tagged #${tag}`;
  const description = `${issues.length} ${issues.length === 1 ? 'issue' : 'issues'} of ${site.title} about ${tag}.`;
  return renderDocument({
    site,
    title: `${title} · ${site.title}`,
    description,
    canonical: `${site.url}/tags/${tag}`,
    head: renderSocialMeta({ site, type: 'website', title, description, url: `${site.url}/tags/${tag}`, image: `${site.url}/og` }),
    main: html`<h1 class="page-title">${title}</h1><p class="meta">${description}</p>${renderIssueList(issues)}<p><a href="/archive">Browse the whole archive</a></p>`,
  });
}

/** Every issue, grouped by year, with the tags to browse by. */
export function renderArchivePage(
  site: SiteInfo,
  years: Array<{ year: number; issues: Issue[] }>,
  tags: Array<{ tag: string; count: number }>,
): string {
  const total = years.reduce((n, y) => n + y.issues.length, 0);
  const description = `All ${total} issues of ${site.title}, by year.`;
  return renderDocument({
    site,
    title: `Archive · ${site.title}`,
    description,
    canonical: `${site.url}/archive`,
    head: renderSocialMeta({ site, type: 'website', title: `Archive · ${site.title}`, description, url: `${site.url}/archive`, image: `${site.url}/og` }),
    main: html`<h1 class="page-title">Archive</h1>
<p class="meta">${description}</p>
${tags.length
  ? html`<nav aria-labelledby="tags-title"><h2 id="tags-title">Tags</h2><ul class="tags">${tags.map(
      (t) => html`<li><a href="/tags/${t.tag}">#${t.tag} <span class="sr-only">(</span>${t.count}<span class="sr-only"> issues)</span></a></li>`,
    )}</ul></nav>`
  : ''}
${years.map((y) => html`<section aria-labelledby="year-${y.year}"><h2 class="year" id="year-${y.year}">${y.year}</h2>${renderIssueList(y.issues, 3)}</section>`)}`,
  });
}
