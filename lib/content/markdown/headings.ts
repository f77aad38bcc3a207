import type { Element, Root } from 'hast';
import { toString } from 'hast-util-to-string';
import GithubSlugger from 'github-slugger';
import { visit } from 'unist-util-visit';
import { element } from './hast';

export type TocEntry = { depth: 2 | 3; id: string; text: string };

const SECTION_HEADINGS = new Set(['h2', 'h3', 'h4', 'h5', 'h6']);

/**
 * Gives h2–h6 stable ids (GitHub's slug rules, unique per document), makes
 * each heading a link to itself, and collects h2/h3 into `toc`.
 */
export function rehypeHeadings(options: { toc: TocEntry[] }) {
  return (tree: Root) => {
    const slugger = new GithubSlugger();
    visit(tree, 'element', (node) => {
      if (!SECTION_HEADINGS.has(node.tagName)) return;
      // Footnotes' own "Footnotes" label keeps the id remark gave it.
      if (node.properties.id) return;
      const label = toString(node).trim();
      const id = slugger.slug(label) || 'section';
      node.properties.id = id;
      linkToSelf(node, id);
      if (node.tagName === 'h2' || node.tagName === 'h3') {
        options.toc.push({ depth: node.tagName === 'h2' ? 2 : 3, id, text: label });
      }
    });
  };
}

function linkToSelf(heading: Element, id: string) {
  let hasLink = false;
  visit(heading, 'element', (n) => {
    if (n.tagName === 'a') hasLink = true;
  });
  // A link cannot contain a link: such headings get a trailing anchor instead.
  if (hasLink) {
    heading.children.push(
      element('a', { className: ['heading-anchor'], href: `#${id}`, ariaLabel: 'Link to this section' }, [
        { type: 'text', value: '#' },
      ]),
    );
  } else {
    heading.children = [element('a', { className: ['heading-link'], href: `#${id}` }, heading.children)];
  }
}
