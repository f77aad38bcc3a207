import 'server-only';
import type { List, PhrasingContent, RootContent, Table } from 'mdast';
import { visit } from 'unist-util-visit';
import { absolutize } from '../content/markdown/links';
import { parseMarkdown } from '../content/markdown/render';

type TextContext = { siteUrl: string; pageUrl: string; definitions: Map<string, string>; notes: string[] };

/** The issue body as plain text: Markdown's own conventions, links written out, notes numbered at the end. */
export function renderTextBody(markdown: string, siteUrl: string, pageUrl: string): string {
  const tree = parseMarkdown(markdown);
  const ctx: TextContext = { siteUrl, pageUrl, definitions: new Map(), notes: [] };
  const footnotes = new Map<string, RootContent[]>();
  visit(tree, (node) => {
    if (node.type === 'definition') ctx.definitions.set(node.identifier, node.url);
    if (node.type === 'footnoteDefinition') footnotes.set(node.identifier, node.children);
  });
  const body = renderBlocks(tree.children, ctx);
  // Notes are numbered in order of first reference, as on the page; a note may cite another.
  const notes: string[] = [];
  for (let i = 0; i < ctx.notes.length; i++) notes.push(hang(`[${i + 1}] `, renderBlocks(footnotes.get(ctx.notes[i]!) ?? [], ctx)));
  return notes.length ? `${body}\n\nNotes\n-----\n\n${notes.join('\n\n')}` : body;
}

function renderBlocks(nodes: readonly RootContent[], ctx: TextContext, separator = '\n\n'): string {
  return nodes.map((n) => renderBlock(n, ctx)).filter((s) => s !== '').join(separator);
}

function renderBlock(node: RootContent, ctx: TextContext): string {
  switch (node.type) {
    case 'paragraph':
      return renderInline(node.children, ctx);
    case 'heading': {
      const title = renderInline(node.children, ctx);
      return node.depth <= 2 ? underline(title, '-') : `${'#'.repeat(node.depth)} ${title}`;
    }
    case 'blockquote':
      return renderBlocks(node.children, ctx).split('\n').map((l) => (l ? `> ${l}` : '>')).join('\n');
    case 'list':
      return renderList(node, ctx);
    case 'code':
      return node.value.split('\n').map((l) => (l ? `    ${l}` : '')).join('\n');
    case 'thematicBreak':
      return '* * *';
    case 'table':
      return renderTable(node, ctx);
    case 'html':
      return node.value.replace(/<[^<>]*>/g, '').trim();
    default:
      return '';
  }
}

function renderList(list: List, ctx: TextContext): string {
  const items = list.children.map((item, i) => {
    const marker = list.ordered ? `${(list.start ?? 1) + i}. ` : '- ';
    const check = item.checked === true ? '[x] ' : item.checked === false ? '[ ] ' : '';
    return hang(marker, check + renderBlocks(item.children, ctx, list.spread ? '\n\n' : '\n'));
  });
  return items.join(list.spread ? '\n\n' : '\n');
}

function renderTable(table: Table, ctx: TextContext): string {
  const rows = table.children.map((row) => row.children.map((cell) => renderInline(cell.children, ctx)));
  const widths = (rows[0] ?? []).map((_, c) => Math.max(...rows.map((r) => lengthOf(r[c] ?? ''))));
  const line = (cells: string[]) => widths.map((w, c) => (cells[c] ?? '').padEnd(w)).join(' | ').trimEnd();
  const [head, ...rest] = rows;
  return [line(head ?? []), widths.map((w) => '-'.repeat(w)).join('-+-'), ...rest.map(line)].join('\n');
}

function renderInline(nodes: readonly PhrasingContent[], ctx: TextContext): string {
  return nodes.map((n) => renderPhrase(n, ctx)).join('');
}

function renderPhrase(node: PhrasingContent, ctx: TextContext): string {
  const inner = 'children' in node ? renderInline(node.children, ctx) : '';
  switch (node.type) {
    case 'text': return node.value;
    case 'emphasis': return `_${inner}_`;
    case 'strong': return `*${inner}*`;
    case 'delete': return `~~${inner}~~`;
    case 'inlineCode': return `\`${node.value}\``;
    case 'break': return '\n';
    case 'link': return formatLink(inner, absolutize(node.url, ctx.siteUrl, ctx.pageUrl));
    case 'linkReference': {
      const url = ctx.definitions.get(node.identifier);
      return url ? formatLink(inner, absolutize(url, ctx.siteUrl, ctx.pageUrl)) : inner;
    }
    case 'image': case 'imageReference': return node.alt ? `[Image: ${node.alt}]` : '';
    case 'footnoteReference': {
      if (!ctx.notes.includes(node.identifier)) ctx.notes.push(node.identifier);
      return `[${ctx.notes.indexOf(node.identifier) + 1}]`;
    }
    case 'html': return node.value.replace(/<[^<>]*>/g, '');
    default: return inner;
  }
}

/** "text (url)"; a bare URL (an autolink, or text that is the address) stays as it is. */
function formatLink(label: string, url: string): string {
  const bare = url.replace(/^(mailto:|https?:\/\/)/, '');
  return label === url || label === bare || label === '' ? url : `${label} (${url})`;
}

/** Indents every line after the first by the marker's width, so wrapped items line up. */
function hang(marker: string, content: string): string {
  const pad = ' '.repeat(marker.length);
  return marker + content.split('\n').map((l, i) => (i === 0 || l === '' ? l : pad + l)).join('\n');
}

/** The title over a line of `mark` as long as it is (in characters, not UTF-16 units). */
export function underline(title: string, mark: string): string {
  return `${title}\n${mark.repeat(lengthOf(title))}`;
}

function lengthOf(s: string): number {
  return [...s].length;
}
