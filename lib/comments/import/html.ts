import { decodeHTMLStrict } from 'entities';
import type { Element, ElementContent, Parents, Root } from 'hast';
import { toString as hastToString } from 'hast-util-to-string';
import type { Nodes, Paragraph, PhrasingContent } from 'mdast';
import rehypeParse from 'rehype-parse';
import rehypeRemark, { type Options as ToMarkdownOptions } from 'rehype-remark';
import remarkGfm from 'remark-gfm';
import remarkStringify from 'remark-stringify';
import { unified } from 'unified';
import { SKIP, visit } from 'unist-util-visit';

// Comment HTML from WordPress and Disqus, turned into the Markdown our comment form takes:
// parsed as a browser would (parse5, through rehype-parse), converted by rehype-remark, and
// written by remark-stringify, which escapes whatever would otherwise read as Markdown.

/** Decodes HTML character references (the full HTML5 table); a reference without its `;` stays as text. */
export function decodeEntities(text: string): string {
  return decodeHTMLStrict(text);
}

type Handle = NonNullable<NonNullable<ToMarkdownOptions['handlers']>[string]>;
type State = Parameters<Handle>[0];

const SAFE_HREF = /^(?:https?:\/\/|mailto:)/i;

/** An http(s) or mailto address, with what would end a Markdown destination early escaped; otherwise null. */
function safeHref(node: Element): string | null {
  const href = String(node.properties.href ?? '').trim();
  if (!SAFE_HREF.test(href)) return null;
  return href.replace(/[\s()]/g, (c) => (c === '(' ? '%28' : c === ')' ? '%29' : encodeURIComponent(c)));
}

// A link keeps its text; only http(s) and mailto addresses stay links.
const link: Handle = (state: State, node: Element) => {
  const children = state.all(node) as PhrasingContent[];
  const url = safeHref(node);
  if (url === null) return children;
  const result: Nodes = { type: 'link', url, title: null, children };
  state.patch(node, result);
  return result;
};

// Headings in a comment are someone's emphasis, not the page's outline: a paragraph.
const paragraph: Handle = (state: State, node: Element) => {
  const result: Paragraph = { type: 'paragraph', children: state.all(node) as PhrasingContent[] };
  state.patch(node, result);
  return result;
};

const dropped: Handle = () => undefined;

// parse5 (the HTML parser browsers' rules need) is quadratic in unclosed formatting elements
// (`<a>` × 1,000 took 1.7 s, × 200 85 ms) and recursive in depth, and the Markdown writer slows with nesting
// (250 nested `<em><a>` took 34 s). Real comments have a few dozen tags, nested a few deep; past
// these (or past MAX_LINES) a comment is far from prose and is imported as its text.
const MAX_TAGS = 100;
const MAX_DEPTH = 12;
// Each newline becomes a `<br>` node: the comment renderer's own limit.
const MAX_LINES = 400;
const TAG_OPENING = /<[a-zA-Z]/g;

/** Elements nested deeper than MAX_DEPTH keep their text only. */
function limitDepth() {
  return (tree: Root) => {
    const stack: Array<[Parents, number]> = [[tree, 0]];
    for (let entry = stack.pop(); entry; entry = stack.pop()) {
      const [parent, depth] = entry;
      for (const child of parent.children) {
        if (child.type !== 'element') continue;
        if (depth + 1 < MAX_DEPTH) stack.push([child, depth + 1]);
        else child.children = [{ type: 'text', value: hastToString(child) }];
      }
    }
  };
}

const VERBATIM = new Set(['pre', 'code', 'textarea', 'script', 'style']);

/**
 * WordPress stores a comment as typed, its newlines unconverted (its themes run `wpautop` when
 * showing it), and Disqus keeps some too: a newline inside a text is the writer's line break.
 * Whitespace at a text's edges (beside a `<br>` or a block) is only spacing, and stays so.
 */
function newlinesAsBreaks() {
  return (tree: Root) => {
    visit(tree, (node) => {
      if (node.type === 'element' && VERBATIM.has(node.tagName)) return SKIP;
      if (node.type !== 'element' && node.type !== 'root') return undefined;
      node.children = (node.children as ElementContent[]).flatMap(splitLines) as typeof node.children;
      return undefined;
    });
  };
}

function splitLines(child: ElementContent): ElementContent[] {
  if (child.type !== 'text') return [child];
  const core = child.value.trim();
  if (!core.includes('\n')) return [child];
  const value = child.value;
  const out: ElementContent[] = [{ type: 'text', value: value.slice(0, value.length - value.trimStart().length) }];
  core.split('\n').forEach((line, i) => {
    if (i > 0) out.push({ type: 'element', tagName: 'br', properties: {}, children: [] });
    out.push({ type: 'text', value: line.trim() });
  });
  out.push({ type: 'text', value: value.slice(value.trimEnd().length) });
  return out;
}

const converter = unified()
  .use(rehypeParse, { fragment: true })
  .use(limitDepth)
  .use(newlinesAsBreaks)
  .use(rehypeRemark, {
    handlers: { a: link, h1: paragraph, h2: paragraph, h3: paragraph, h4: paragraph, h5: paragraph, h6: paragraph, img: dropped, picture: dropped, video: dropped, audio: dropped, iframe: dropped },
  })
  .use(remarkGfm)
  // The comment renderer shows each newline as a line break: a `<br>` is one newline.
  .use(remarkStringify, { bullet: '-', emphasis: '*', strong: '*', fences: true, handlers: { break: () => '\n' } });

/** Comment HTML as Markdown text: paragraphs, line breaks, links, emphasis, lists and code survive; scripts and media go. */
export function htmlToMarkdown(html: string): string {
  if ((html.match(TAG_OPENING)?.length ?? 0) > MAX_TAGS || (html.match(/\n/g)?.length ?? 0) > MAX_LINES) return markupAsText(html);
  return String(converter.processSync(html)).trim();
}

const writer = unified().use(remarkStringify);

/** The text of markup too heavy to convert: tags become spaces, and the rest is escaped as Markdown. */
function markupAsText(html: string): string {
  const text = decodeEntities(html.replace(/<[^<>]*>/g, ' ')).replace(/[ \t]+/g, ' ').trim();
  return writer.stringify({ type: 'root', children: [{ type: 'paragraph', children: [{ type: 'text', value: text }] }] }).trim();
}
