import { html } from '@/lib/html/html';
import type { Issue } from '@/lib/content/load';
import { renderDocument } from '@/components/ui/document';
import type { SiteInfo } from '@/components/ui/chrome';
import { renderCommentSection, type CommentSectionProps } from './comment-section';

/**
 * The always-fresh discussion of one issue: where a reader lands after posting without
 * JavaScript, replies without JavaScript, and sees their own comment awaiting moderation.
 */
export function renderDiscussionPage(p: { site: SiteInfo; issue: Issue; section: CommentSectionProps }): string {
  return renderDocument({
    site: p.site,
    title: `Comments on ${p.issue.title} · ${p.site.title}`,
    description: `The discussion of “${p.issue.title}”.`,
    canonical: `${p.site.url}/${p.issue.slug}#comments`,
    head: html`<meta name="robots" content="noindex">`,
    main: html`<p class="back"><a href="/${p.issue.slug}">← Back to the article</a></p>
<h1 class="page-title">Comments on “${p.issue.title}”</h1>
${renderCommentSection(p.section)}`,
  });
}
