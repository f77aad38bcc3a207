import { html, type Html } from '@/lib/html/html';
import type { Issue } from '@/lib/content/load';
import { renderIssueMeta, renderTags } from './issue-meta';

/** A list of issues with title, date, reading time, summary and tags. `headingLevel` keeps the outline right. */
export function renderIssueList(
  issues: Issue[],
  headingLevel: 2 | 3 = 2,
  counts?: { comments: Map<string, number>; views: Map<string, number> },
): Html {
  if (issues.length === 0) return html`<p>Nothing published here yet.</p>`;
  return html`<ol class="issue-list" reversed>${issues.map((issue) => {
    const title = html`<a href="/${issue.slug}">${issue.title}</a>`;
    return html`<li><article>
${headingLevel === 2 ? html`<h2>${title}</h2>` : html`<h3>${title}</h3>`}
${renderIssueMeta(issue, counts ? { comments: counts.comments.get(issue.slug) ?? 0, views: counts.views.get(issue.slug) } : {})}
<p>${issue.summary}</p>
${renderTags(issue.tags)}
</article></li>`;
  })}</ol>`;
}
