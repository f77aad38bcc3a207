import { decodeHTMLStrict } from 'entities';
import type { Element, ElementContent, Parents, Root } from 'hast';
import { toString as hastToString } from 'hast-util-to-string';
import type { Nodes, Paragraph, PhrasingContent } from 'mdast';
import { fromHtml } from 'hast-util-from-html';
import { toMdast, type Options as ToMarkdownOptions } from 'hast-util-to-mdast';
import { gfmToMarkdown } from 'mdast-util-gfm';
import { toMarkdown, type Options as ToMarkdownWriterOptions } from 'mdast-util-to-markdown';
import remarkStringify from 'remark-stringify';
import { unified } from 'unified';
import { COMMENT_LIMITS } from '../schema';
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
// The quadratic shape is formatting left open: each unclosed one is reconstructed at every later
// tag. Real comments close theirs (a stray one or two at most).
const MAX_UNCLOSED_FORMATTING = 16;
const FORMATTING_OPEN = /<(?:a|b|big|code|em|font|i|nobr|s|small|strike|strong|tt|u)(?=[\s>\/])/gi;
const FORMATTING_CLOSE = /<\/(?:a|b|big|code|em|font|i|nobr|s|small|strike|strong|tt|u)\s*>/gi;

function unclosedFormatting(html: string): number {
  return (html.match(FORMATTING_OPEN)?.length ?? 0) - (html.match(FORMATTING_CLOSE)?.length ?? 0);
}

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

const TO_MDAST: ToMarkdownOptions = {
  handlers: { a: link, h1: paragraph, h2: paragraph, h3: paragraph, h4: paragraph, h5: paragraph, h6: paragraph, img: dropped, picture: dropped, video: dropped, audio: dropped, iframe: dropped },
};
// The comment renderer shows each newline as a line break: a `<br>` is one newline.
const TO_MARKDOWN: ToMarkdownWriterOptions = { bullet: '-', emphasis: '*', strong: '*', fences: true, extensions: [gfmToMarkdown()], handlers: { break: () => '\n' } };

// The same steps rehype-parse, rehype-remark, remark-gfm and remark-stringify run, called directly:
// a unified pipeline per comment costs twice as much (a 10,000-comment import spent most of its time there).
function convert(html: string): string {
  const tree = fromHtml(html, { fragment: true });
  limitDepth()(tree);
  newlinesAsBreaks()(tree);
  return toMarkdown(toMdast(tree, TO_MDAST), TO_MARKDOWN);
}

/** Comment HTML as Markdown text: paragraphs, line breaks, links, emphasis, lists and code survive; scripts and media go. */
export function htmlToMarkdown(html: string): string {
  // Text alone longer than the form takes: the import refuses the comment whatever its markup
  // (fields.ts), so it is not converted (escaping 100,000 characters of Markdown markers takes ~80 ms).
  const text = visibleText(html);
  if (text.length > COMMENT_LIMITS.body) return text;
  if ((html.match(TAG_OPENING)?.length ?? 0) > MAX_TAGS || (html.match(/\n/g)?.length ?? 0) > MAX_LINES || unclosedFormatting(html) > MAX_UNCLOSED_FORMATTING) return markupAsText(html);
  return convert(html).trim();
}

const writer = unified().use(remarkStringify);

/** The text of comment HTML, roughly as a browser shows it: tags as spaces, references decoded. */
function visibleText(html: string): string {
  return decodeEntities(html.replace(/<[^<>]*>/g, ' ')).replace(/[ \t]+/g, ' ').trim();
}

/** The text of markup too heavy to convert: tags become spaces, and the rest is escaped as Markdown. */
function markupAsText(html: string): string {
  const text = visibleText(html);
  return writer.stringify({ type: 'root', children: [{ type: 'paragraph', children: [{ type: 'text', value: text }] }] }).trim();
}
