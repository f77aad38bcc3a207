import type { Element, ElementContent, Properties } from 'hast';
import { toHtml } from 'hast-util-to-html';
import type { Nodes, PhrasingContent, Root, RootContent } from 'mdast';
import { toString as mdastToString } from 'mdast-util-to-string';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';

/** The one-line hint shown under the comment form. */
export const COMMENT_MARKDOWN_HELP = 'Plain text; *emphasis*, `code`, lists and links work.';

const parser = unified().use(remarkParse).use(remarkGfm);

const SAFE_SCHEMES = new Set(['http:', 'https:', 'mailto:']);
const LINK_REL = ['nofollow', 'ugc', 'noopener'];
const LANGUAGE = /^[a-z0-9][a-z0-9_+#.-]{0,31}$/i;
// Past this depth a node is shown as the text the reader typed: keeps recursion (ours and toHtml's) shallow.
const MAX_DEPTH = 32;
// micromark is quadratic in container nesting and overflows the stack past a few thousand levels.
const MAX_NESTING = 16;
const CONTAINER_MARKER = /^[ \t]*(?:>|[-*+](?=\s|$)|\d{1,9}[.)](?=\s|$))/;
// micromark resolves emphasis and brackets in time quadratic in their number (`*_` × 5,000 took
// 1.4 s, `](` × 5,000 0.5 s): past these counts a comment is far from prose and is shown as typed.
const MAX_MARKERS = 300;
const MAX_LINES = 400;
const MARKER_CODES = new Set([...'*_[]<`~'].map((c) => c.charCodeAt(0)));

interface Context {
  source: string;
  definitions: Map<string, string>;
}

/**
 * Renders a reader's comment to safe HTML. The output is built node by node
 * from an allow-list (p, br, em, strong, code, pre, ul, ol, li, a), so raw
 * HTML and unsupported Markdown can only ever come out as escaped text.
 */
export function renderCommentMarkdown(text: string): string {
  // Long runs of spaces show as one space anyway, and micromark is quadratic in a long indent.
  const source = text.replace(/\r\n?/g, '\n').replace(/[ \t]{65,}/g, (run) => run.slice(0, 64));
  if (exceedsNesting(source) || exceedsMarkup(source)) return toHtml({ type: 'root', children: renderPlainText(source) });
  const tree = parser.parse(source);
  const ctx: Context = { source, definitions: collectDefinitions(tree) };
  return toHtml({ type: 'root', children: convertBlocks(tree.children, ctx, 0) });
}

function exceedsNesting(source: string): boolean {
  for (const line of source.split('\n')) {
    let rest = line;
    for (let depth = 1, m = CONTAINER_MARKER.exec(rest); m; depth++, m = CONTAINER_MARKER.exec(rest)) {
      if (depth > MAX_NESTING) return true;
      rest = rest.slice(m[0].length);
    }
  }
  return false;
}

function exceedsMarkup(source: string): boolean {
  let markers = 0;
  let lines = 0;
  for (let i = 0; i < source.length; i++) {
    const code = source.charCodeAt(i);
    if (code === 10) lines++;
    else if (MARKER_CODES.has(code)) markers++;
  }
  return markers > MAX_MARKERS || lines > MAX_LINES;
}

/** Paragraphs and line breaks only, for input too deeply nested to parse safely. */
function renderPlainText(source: string): ElementContent[] {
  return source
    .split(/\n[ \t]*\n/)
    .filter((block) => block.trim() !== '')
    .map((block) => h('p', {}, withBreaks(block.trim())));
}

function collectDefinitions(tree: Root): Map<string, string> {
  const definitions = new Map<string, string>();
  visit(tree, 'definition', (node) => {
    // CommonMark: the first definition of a label wins.
    if (!definitions.has(node.identifier)) definitions.set(node.identifier, node.url);
  });
  return definitions;
}

function convertBlocks(nodes: RootContent[], ctx: Context, depth: number): ElementContent[] {
  return nodes.flatMap((node) => convertBlock(node, ctx, depth));
}

function convertBlock(node: RootContent, ctx: Context, depth: number): ElementContent[] {
  if (depth > MAX_DEPTH) return [h('p', {}, withBreaks(sourceOf(node, ctx)))];
  switch (node.type) {
    case 'paragraph':
    case 'heading':
      return [h('p', {}, convertInline(node.children, ctx, depth + 1))];
    case 'code':
      return [h('pre', {}, [h('code', languageClass(node.lang), [{ type: 'text', value: node.value }])])];
    case 'list': {
      // As in CommonMark's HTML: a tight list's paragraphs are unwrapped.
      const loose = Boolean(node.spread) || node.children.some((item) => item.spread);
      const items = node.children.map((item) => convertListItem(item, loose, ctx, depth + 1));
      return [h(node.ordered ? 'ol' : 'ul', {}, items)];
    }
    case 'blockquote':
      return convertBlocks(node.children, ctx, depth + 1);
    case 'html':
      return [h('p', {}, withBreaks(node.value))];
    case 'definition':
      return [];
    default:
      // Tables, thematic breaks, footnotes…: shown as the reader typed them.
      return [h('p', {}, withBreaks(sourceOf(node, ctx)))];
  }
}

function convertListItem(item: RootContent & { type: 'listItem' }, loose: boolean, ctx: Context, depth: number): Element {
  const children = item.children.flatMap((child) =>
    !loose && child.type === 'paragraph'
      ? convertInline(child.children, ctx, depth + 1)
      : convertBlock(child, ctx, depth + 1),
  );
  if (typeof item.checked === 'boolean') {
    const marker: ElementContent = { type: 'text', value: item.checked ? '[x] ' : '[ ] ' };
    const first = children[0];
    if (first?.type === 'element' && first.tagName === 'p') first.children.unshift(marker);
    else children.unshift(marker);
  }
  return h('li', {}, children);
}

function convertInline(nodes: PhrasingContent[], ctx: Context, depth: number): ElementContent[] {
  return nodes.flatMap((node) => convertPhrasing(node, ctx, depth));
}

function convertPhrasing(node: PhrasingContent, ctx: Context, depth: number): ElementContent[] {
  if (depth > MAX_DEPTH) return withBreaks(sourceOf(node, ctx));
  switch (node.type) {
    case 'text':
      return withBreaks(node.value);
    case 'break':
      return [h('br', {})];
    case 'emphasis':
      return [h('em', {}, convertInline(node.children, ctx, depth + 1))];
    case 'strong':
      return [h('strong', {}, convertInline(node.children, ctx, depth + 1))];
    case 'inlineCode':
      return [h('code', {}, [{ type: 'text', value: node.value }])];
    case 'link':
      return convertLink(node.url, node.children, ctx, depth);
    case 'linkReference': {
      const url = ctx.definitions.get(node.identifier);
      return url === undefined ? withBreaks(sourceOf(node, ctx)) : convertLink(url, node.children, ctx, depth);
    }
    case 'image':
      return withBreaks(describeImage(node.alt ?? '', node.url));
    case 'imageReference':
      return withBreaks(describeImage(node.alt ?? '', ctx.definitions.get(node.identifier) ?? ''));
    case 'html':
      return withBreaks(node.value);
    default:
      // Strikethrough, footnote references…: the literal Markdown keeps the reader's meaning.
      return withBreaks(sourceOf(node, ctx));
  }
}

function convertLink(url: string, children: PhrasingContent[], ctx: Context, depth: number): ElementContent[] {
  const content = convertInline(children, ctx, depth + 1);
  const href = toSafeHref(url);
  return href === null ? content : [h('a', { href, rel: LINK_REL }, content)];
}

/**
 * The href to emit for a link, or null when it must be refused. The scheme is
 * judged on the URL with all whitespace, control and invisible characters
 * removed (browsers ignore some of them, so `java\tscript:` is still a script),
 * and again by the WHATWG parser whose normalised form is what we emit.
 */
function toSafeHref(url: string): string | null {
  const compact = url.replace(/[\s\p{Cc}\p{Cf}]/gu, '');
  const scheme = /^([a-z][a-z0-9+.-]*:)/i.exec(compact)?.[1]?.toLowerCase();
  if (scheme === undefined || !SAFE_SCHEMES.has(scheme)) return null;
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return null;
  }
  return SAFE_SCHEMES.has(parsed.protocol) ? parsed.href : null;
}

function languageClass(lang: string | null | undefined): Properties {
  return lang && LANGUAGE.test(lang) ? { className: [`language-${lang.toLowerCase()}`] } : {};
}

function describeImage(alt: string, url: string): string {
  if (alt && url) return `${alt} (${url})`;
  return alt || url;
}

/** Text with each newline turned into a `<br>`: readers expect their line breaks kept. */
function withBreaks(value: string): ElementContent[] {
  const out: ElementContent[] = [];
  value.split('\n').forEach((line, i) => {
    if (i > 0) out.push(h('br', {}));
    if (line !== '') out.push({ type: 'text', value: line });
  });
  return out;
}

function sourceOf(node: Nodes, ctx: Context): string {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  return start !== undefined && end !== undefined ? ctx.source.slice(start, end) : mdastToString(node);
}

function h(tagName: string, properties: Properties, children: ElementContent[] = []): Element {
  return { type: 'element', tagName, properties, children };
}
