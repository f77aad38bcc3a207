import { html, type Html } from '@/lib/html/html';
import type { TocEntry } from '@/lib/content/markdown/headings';

/** A table of contents is shown for pieces with at least this many words and three sections. */
export const TOC_MIN_WORDS = 1500;

/** The h2/h3 outline as nested ordered lists; nothing for short pieces. */
export function renderToc(toc: TocEntry[], words: number): Html {
  const sections = toc.filter((t) => t.depth === 2);
  if (words < TOC_MIN_WORDS || sections.length < 3) return html``;
  const items: Html[] = [];
  for (let i = 0; i < toc.length; i++) {
    const entry = toc[i]!;
    if (entry.depth === 3) continue;
    const subs: TocEntry[] = [];
    while (toc[i + 1]?.depth === 3) subs.push(toc[++i]!);
    items.push(html`<li><a href="#${entry.id}">${entry.text}</a>${
      subs.length ? html`<ol>${subs.map((s) => html`<li><a href="#${s.id}">${s.text}</a></li>`)}</ol>` : ''
    }</li>`);
  }
  return html`<nav class="toc" aria-labelledby="toc-title"><h2 id="toc-title">Contents</h2><ol>${items}</ol></nav>`;
}
