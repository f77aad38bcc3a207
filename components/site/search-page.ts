import { html, raw } from '@/lib/html/html';
import { MAX_QUERY_LENGTH } from '@/lib/search/query';
import type { SearchOutcome } from '@/lib/search/service';
import { renderDocument } from '@/components/ui/document';
import { renderSearchBox, type SiteInfo } from '@/components/ui/chrome';

const HINT = 'Search for words: quotes, operators such as AND, NEAR or -, and * are not needed.';
const dateOf = (d: Date) => d.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** /search: the box, then issues and comments matching the query (excerpts come escaped, with <mark>s). */
export function renderSearchPage(site: SiteInfo, outcome: SearchOutcome): string {
  const { query } = outcome;
  const title = query.text ? `Search: ${query.text}` : 'Search';
  const main = html`<h1>Search</h1>
${renderSearchBox({ id: 'search-page-q', label: 'Search issues and comments', visibleLabel: true, value: query.text })}
${query.truncated ? html`<p class="meta">Only the first ${MAX_QUERY_LENGTH} characters were searched.</p>` : ''}
${renderOutcome(outcome)}`;
  return renderDocument({
    site,
    title: `${title} · ${site.title}`,
    description: `Search every issue of ${site.title} and its comments.`,
    canonical: `${site.url}/search`,
    head: html`<meta name="robots" content="noindex">`,
    main,
  });
}

function renderOutcome(outcome: SearchOutcome) {
  if (outcome.kind === 'empty') return html`<p>${HINT}</p>`;
  if (outcome.kind === 'no-words') return html`<p role="status">No results: “${outcome.query.text}” has no words to search for. ${HINT}</p>`;
  const { issues, comments, query } = outcome;
  if (issues.length === 0 && comments.length === 0) {
    return html`<p role="status">No results for “${query.text}”. Try fewer or other words: every word must appear. ${HINT}</p>`;
  }
  return html`<p role="status" class="meta">${issues.length === 0 ? 'No issues' : `${issues.length} ${issues.length === 1 ? 'issue' : 'issues'}`} and ${comments.length === 0 ? 'no comments' : `${comments.length} ${comments.length === 1 ? 'comment' : 'comments'}`} for “${query.text}”.</p>
<section aria-labelledby="search-issues">
<h2 id="search-issues">Issues</h2>
${issues.length === 0 ? html`<p>No issue matches.</p>` : html`<ol class="search-results">${issues.map((i) => html`<li><h3><a href="/${i.slug}">${raw(i.titleHtml)}</a></h3><p>${raw(i.excerptHtml)}</p></li>`)}</ol>`}
</section>
<section aria-labelledby="search-comments">
<h2 id="search-comments">Comments</h2>
${comments.length === 0 ? html`<p>No comment matches.</p>` : html`<ol class="search-results">${comments.map((c) => html`<li><p class="meta"><a href="/${c.slug}#comment-${c.id}">${c.name}${c.isAuthor ? ' (Author)' : ''} on “${c.issueTitle}”</a>, ${dateOf(c.createdAt)}</p><p>${raw(c.excerptHtml)}</p></li>`)}</ol>`}
</section>`;
}
