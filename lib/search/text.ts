import type { Nodes } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';

const parser = unified().use(remarkParse).use(remarkGfm);
const BLOCKS = new Set(['paragraph', 'heading', 'listItem', 'blockquote', 'code', 'tableRow', 'tableCell', 'html']);

/** An issue's Markdown as the plain text a reader reads: no syntax, no URLs, blocks on lines of their own. */
export function markdownToText(markdown: string): string {
  const parts: string[] = [];
  const walk = (node: Nodes) => {
    if (node.type === 'text' || node.type === 'inlineCode' || node.type === 'code') parts.push(node.value);
    else if (node.type === 'image' || node.type === 'imageReference') parts.push(node.alt ?? '');
    else if (node.type === 'break') parts.push(' ');
    if ('children' in node) for (const child of node.children) walk(child as Nodes);
    if (BLOCKS.has(node.type)) parts.push('\n');
  };
  walk(parser.parse(markdown));
  return parts.join('').replace(/[ \t]*\n[\s]*/g, '\n').trim();
}
