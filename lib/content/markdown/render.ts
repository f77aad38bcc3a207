import type { Root, RootContent } from 'hast';
import type { Root as MdRoot } from 'mdast';
import { toHtml } from 'hast-util-to-html';
import { toString as hastToString } from 'hast-util-to-string';
import rehypeHighlight from 'rehype-highlight';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified, type PluggableList } from 'unified';
import { countWords } from '../reading-time';
import { rehypeAccessibility } from './a11y';
import { rehypeCallouts } from './callouts';
import { rehypeFigures } from './figures';
import { rehypeHeadings, type TocEntry } from './headings';
import { rehypeImages, type DescribeImage, type MeasureImage } from './images';
import { rehypeLinks } from './links';

export type RenderOptions = {
  siteUrl: string;
  measure: MeasureImage;
  /** Offer local raster images as AVIF and WebP in a few widths (the page; not feeds or email). */
  describe?: DescribeImage;
  /** Whether the first image may load eagerly (false when a cover sits above it). */
  eagerFirstImage?: boolean;
  /** Make links and images absolute against this page URL (feeds, email). */
  absoluteBase?: string;
};

export type RenderedMarkdown = {
  /** The whole body. */
  html: string;
  /** The body split at a section boundary near its middle (for a mid-article slot); null when too short. */
  halves: [string, string] | null;
  toc: TocEntry[];
  words: number;
};

/** Parses Markdown to an mdast tree (also used by the content checker). */
export function parseMarkdown(markdown: string): MdRoot {
  return unified().use(remarkParse).use(remarkGfm).parse(markdown);
}

export type HastOptions = {
  siteUrl: string;
  /** Make links and images absolute against this page URL (feeds, email). */
  absoluteBase?: string | undefined;
  /** Extra rehype transforms, run before links and images are made absolute (so they see the source's own paths). */
  transforms?: PluggableList;
};

/**
 * Parses an issue body to hast, the one pipeline behind the page, the feeds and the email:
 * GFM, callouts, figures, then `transforms`, then links resolved and code highlighted.
 */
export function markdownToHast(markdown: string, options: HastOptions): Root {
  const processor = unified()
    .use(remarkParse)
    .use(remarkGfm)
    .use(remarkRehype)
    .use(rehypeCallouts)
    .use(rehypeFigures)
    .use(options.transforms ?? [])
    .use(rehypeLinks, { siteUrl: options.siteUrl, absoluteBase: options.absoluteBase })
    .use(rehypeHighlight, { detect: false });
  return processor.runSync(processor.parse(markdown)) as Root;
}

/** Renders an issue body: GFM, callouts, figures, heading ids and self-links, highlighted code. */
export function renderMarkdown(markdown: string, options: RenderOptions): RenderedMarkdown {
  const toc: TocEntry[] = [];
  const tree = markdownToHast(markdown, {
    siteUrl: options.siteUrl,
    absoluteBase: options.absoluteBase,
    transforms: [
      [rehypeHeadings, { toc }],
      [rehypeImages, { measure: options.measure, eagerFirst: options.eagerFirstImage ?? true, describe: options.describe }],
      // Touches only pre, tables and task items: running before links and highlighting changes nothing.
      rehypeAccessibility,
    ],
  });
  const words = countWords(hastToString(tree));
  return {
    html: toHtml(tree),
    halves: splitNearMiddle(tree.children, words),
    toc,
    words,
  };
}

/** Splits before the first h2 that starts at or after 40% of the words, leaving at least 20% after it. */
function splitNearMiddle(children: RootContent[], totalWords: number): [string, string] | null {
  let before = 0;
  for (let i = 0; i < children.length; i++) {
    const node = children[i]!;
    if (node.type === 'element' && node.tagName === 'h2' && before >= totalWords * 0.4) {
      if (totalWords - before < totalWords * 0.2) return null;
      return [toHtml({ type: 'root', children: children.slice(0, i) }), toHtml({ type: 'root', children: children.slice(i) })];
    }
    before += countWords(hastToString(node as never));
  }
  return null;
}
