import { html, type Html } from '@/lib/html/html';
import { formatHumanDate } from '@/lib/content/dates';
import type { Issue } from '@/lib/content/load';

/** "31,651 views": a count with thousands separators; nothing before the first view. */
export function formatViews(views: number | undefined): string {
  if (!views) return '';
  return `${views.toLocaleString('en')} view${views === 1 ? '' : 's'}`;
}

/** "21 July 2023 · 12 min read · 31,651 views · Updated 26 January 2024", with machine-readable <time>s. */
export function renderIssueMeta(
  issue: Pick<Issue, 'date' | 'updated' | 'readingMinutes' | 'slug'>,
  { comments, views }: { comments?: number; views?: number } = {},
): Html {
  const viewed = formatViews(views);
  return html`<p class="meta"><time datetime="${issue.date}">${formatHumanDate(issue.date)}</time> · ${issue.readingMinutes} min read${
    viewed ? html` · <span class="views">${viewed}</span>` : ''
  }${
    comments !== undefined
      ? html` · <a href="/${issue.slug}#comments">${comments.toLocaleString('en')} comment${comments === 1 ? '' : 's'}</a>`
      : ''
  }${
    issue.updated
      ? html` · Updated <time datetime="${issue.updated}">${formatHumanDate(issue.updated)}</time>`
      : ''
  }</p>`;
}

export function renderTags(tags: string[]): Html {
  if (tags.length === 0) return html``;
  return html`<ul class="tags" aria-label="Tags">${tags.map(
    (t) => html`<li><a href="/tags/${t}">#${t}</a></li>`,
  )}</ul>`;
}
