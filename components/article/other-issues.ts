import { html, type Html } from '@/lib/html/html';
import type { Issue } from '@/lib/content/load';
import { renderIssueMeta } from './issue-meta';

type Others = { newer: Issue | null; older: Issue | null; related: Issue[] };

/** "Other newsletter issues": the previous and next issue, then up to three related by tags. */
export function renderOtherIssues({ newer, older, related }: Others): Html {
  if (!newer && !older && related.length === 0) return html``;
  return html`<nav class="other-issues" aria-labelledby="other-issues-title">
<h2 id="other-issues-title">Other newsletter issues</h2>
${newer || older
    ? html`<ul class="pager">
<li>${older ? html`<a href="/${older.slug}" rel="prev"><span>Previous issue</span>${older.title}</a>` : ''}</li>
<li>${newer ? html`<a href="/${newer.slug}" rel="next"><span>Next issue</span>${newer.title}</a>` : ''}</li>
</ul>`
    : ''}
${related.length
    ? html`<h3>Related</h3><ul class="issue-list compact">${related.map(
        (r) => html`<li><a href="/${r.slug}">${r.title}</a>${renderIssueMeta(r)}</li>`,
      )}</ul>`
    : ''}
</nav>`;
}
