import { html, raw } from '@/lib/html/html';
import type { RenderedIssue } from '@/lib/content/service';
import type { Issue } from '@/lib/content/load';
import { renderCommentsSlot } from '@/components/comments/comments-slot';
import type { CommentSectionProps } from '@/components/comments/comment-section';
import { renderSubscribePopup } from '@/components/newsletter/popup';
import { renderSubscribeSlot } from '@/components/newsletter/subscribe-slot';
import { renderDocument, renderSocialMeta } from '@/components/ui/document';
import type { SiteInfo } from '@/components/ui/chrome';
import { renderIssueMeta, renderTags } from './issue-meta';
import { renderOtherIssues } from './other-issues';
import { renderToc } from './toc';

type Props = {
  site: SiteInfo;
  issue: RenderedIssue;
  others: { newer: Issue | null; older: Issue | null; related: Issue[] };
  cover: { src: string; width: number; height: number } | null;
  comments: CommentSectionProps | null;
  /** The subscribe call-to-action with the live count. */
  cta: string;
  popupDelaySeconds: number;
  /** Readers so far (counted and imported); refreshed with the page, at most a minute old. */
  views?: number;
};

/** The whole page of one issue, as HTML: prerendered at build, no client JavaScript needed to read it. */
export function renderIssuePage({ site, issue, others, cover, comments, cta, popupDelaySeconds, views }: Props): string {
  const url = `${site.url}/${issue.slug}`;
  const image = `${site.url}/og/${issue.slug}`;
  const { body } = issue;
  const head = html`${renderSocialMeta({ site, type: 'article', title: issue.title, description: issue.summary, url, image })}
<meta property="article:published_time" content="${issue.date}">
${issue.updated ? html`<meta property="article:modified_time" content="${issue.updated}">` : ''}
<meta property="article:author" content="${site.author}">
${issue.tags.map((t) => html`<meta property="article:tag" content="${t}">`)}`;

  const main = html`<article class="issue">
<header>
<h1>${issue.title}</h1>
${renderIssueMeta(issue, { views })}
${issue.video ? html`<p class="video-link"><a href="${issue.video}" rel="noopener">Watch the video version</a></p>` : ''}
${renderTags(issue.tags)}
${cover
    ? html`<p class="cover"><img src="${cover.src}" width="${cover.width}" height="${cover.height}" alt="" fetchpriority="high" decoding="async"></p>`
    : ''}
</header>
${renderToc(body.toc, body.words)}
${body.halves
    ? html`<div class="prose">${raw(body.halves[0])}</div>
${renderSubscribeSlot('mid-article', cta)}
<div class="prose">${raw(body.halves[1])}</div>`
    : html`<div class="prose">${raw(body.html)}</div>`}
${renderSubscribeSlot('after-article', cta)}
</article>
${renderOtherIssues(others)}
${renderCommentsSlot(comments)}
${renderSubscribePopup({ delaySeconds: popupDelaySeconds, ctaHeading: `Subscribe to ${site.title}`, ctaText: cta })}`;

  return renderDocument({
    site,
    title: `${issue.title} · ${site.title}`,
    description: issue.summary,
    canonical: url,
    head,
    jsonLd: {
      '@context': 'https://schema.org',
      '@type': 'Article',
      headline: issue.title,
      description: issue.summary,
      datePublished: issue.date,
      dateModified: issue.updated ?? issue.date,
      author: { '@type': 'Person', name: site.author, url: site.url },
      publisher: { '@type': 'Person', name: site.author, url: site.url },
      mainEntityOfPage: url,
      url,
      image,
      keywords: issue.tags.join(', '),
      wordCount: body.words,
    },
    main,
  });
}
