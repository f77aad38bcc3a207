import { html, raw } from '@/lib/html/html';
import type { RenderedIssue } from '@/lib/content/service';
import type { Issue } from '@/lib/content/load';
import { renderCommentsSlot } from '@/components/comments/comments-slot';
import type { CommentSectionProps } from '@/components/comments/comment-section';
import { renderSubscribePopup } from '@/components/newsletter/popup';
import { renderSubscribeSlot } from '@/components/newsletter/subscribe-slot';
import { renderCommentFeedLink, renderDocument, renderSocialMeta } from '@/components/ui/document';
import type { SiteInfo } from '@/components/ui/chrome';
import { renderCorrectionNote } from '@/lib/content/corrections';
import { formatHumanDate } from '@/lib/content/dates';
import { renderAuthorBox } from './author-box';
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
  /** A draft or scheduled issue shown before readers see it: a banner, noindex, no comments. */
  preview?: Preview;
};

/** What a preview's banner says: a draft, or a scheduled issue and when it goes live ("2026-12-24 07:00 UTC", "in 3 days"). */
export type Preview = { kind: 'draft' } | { kind: 'scheduled'; goesLive: string; wait: string };

/** The correction note near the top of the issue, with its day: announced to assistive technology as a note. */
function renderCorrection(issue: RenderedIssue) {
  if (!issue.correction || !issue.correctionDay) return '';
  return html`<aside class="correction" role="note" aria-label="Correction"><p><span class="correction-label">Correction</span> · <time datetime="${issue.correctionDay}">${formatHumanDate(issue.correctionDay)}</time></p>
<p>${raw(renderCorrectionNote(issue.correction.note))}</p></aside>`;
}

function renderPreviewBanner(preview: Preview) {
  const who = 'Only you and people you send a preview link can see this page; it is in no list, feed or search engine.';
  return preview.kind === 'draft'
    ? html`<p class="preview-banner" role="note" aria-label="Draft"><strong>Draft</strong> · not published. ${who}</p>`
    : html`<p class="preview-banner" role="note" aria-label="Scheduled"><strong>Scheduled</strong> · goes live <time>${preview.goesLive}</time> (${preview.wait}). ${who}</p>`;
}

/** The latest of the days given (ISO days compare as text). */
function latestDay(...days: Array<string | null>): string {
  return days.filter((d): d is string => d !== null).sort().at(-1)!;
}

/** The whole page of one issue, as HTML: prerendered at build, no client JavaScript needed to read it. */
export function renderIssuePage({ site, issue, others, cover, comments, cta, popupDelaySeconds, views, preview }: Props): string {
  const url = `${site.url}/${issue.slug}`;
  const image = `${site.url}/og/${issue.slug}`;
  const { body } = issue;
  const head = html`${preview ? html`<meta name="robots" content="noindex">
` : ''}${renderSocialMeta({ site, type: 'article', title: issue.title, description: issue.summary, url, image })}
<meta property="article:published_time" content="${issue.date}">
${issue.updated ? html`<meta property="article:modified_time" content="${issue.updated}">` : ''}
<meta property="article:author" content="${site.author}">
${issue.tags.map((t) => html`<meta property="article:tag" content="${t}">`)}
${preview ? '' : renderCommentFeedLink(site, { slug: issue.slug, title: issue.title })}`;

  const main = html`${preview ? renderPreviewBanner(preview) : ''}<article class="issue">
<header>
<h1>${issue.title}</h1>
${renderIssueMeta(issue, { views })}
${renderCorrection(issue)}
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
${renderAuthorBox(site)}
</article>
${renderOtherIssues(others)}
${preview ? '' : renderCommentsSlot(comments)}
${preview ? '' : renderSubscribePopup({ delaySeconds: popupDelaySeconds, ctaHeading: `Subscribe to ${site.title}`, ctaText: cta })}`;

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
      dateModified: latestDay(issue.date, issue.updated, issue.correctionDay),
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
