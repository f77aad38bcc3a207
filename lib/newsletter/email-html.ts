import 'server-only';
import type { Element, ElementContent, Properties, Root } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { element, meaningfulChildren, text } from '../content/markdown/hast';
import type { MeasureImage } from '../content/markdown/images';
import { markdownToHast } from '../content/markdown/render';
import { CODE_COLORS, CONTENT_WIDTH, FOOTNOTE, HEADING, MONO, RULE, STYLES } from './email-theme';

const KEPT_ATTRIBUTES = new Set(['href', 'src', 'alt', 'width', 'height', 'colSpan', 'rowSpan', 'align', 'title']);

type StyleContext = { siteUrl: string; measure: MeasureImage | undefined; inPre: boolean; inNotes: boolean };

/** The issue body as email HTML: the page's Markdown pipeline, with every class traded for an inline style. */
export function renderHtmlBody(markdown: string, siteUrl: string, pageUrl: string, measure: MeasureImage | undefined): string {
  const tree = markdownToHast(markdown, { siteUrl, absoluteBase: pageUrl });
  styleChildren(tree, { siteUrl, measure, inPre: false, inNotes: false });
  return toHtml(tree);
}

function styleChildren(parent: Root | Element, ctx: StyleContext): void {
  const children: Array<Root['children'][number]> = [];
  for (const c of parent.children) children.push(...(c.type === 'element' ? styleElement(c, ctx) : [c]));
  parent.children = children as typeof parent.children;
}

/** Replaces classes and page-only attributes with inline styles; returns what takes the element's place. */
function styleElement(node: Element, ctx: StyleContext): ElementContent[] {
  const classes = (node.properties.className as string[] | undefined) ?? [];
  if (node.tagName === 'input') return [text(node.properties.checked ? '☑' : '☐')];
  if (node.properties.dataFootnoteBackref !== undefined) return [];
  if (classes.includes('sr-only')) return [element('p', { style: `${HEADING}margin:0 0 10px;font-size:15px;` }, [text('Notes')])];
  if (node.tagName === 'aside' && classes.includes('callout')) return [toCalloutTable(node, ctx)];
  const inner = { ...ctx, inPre: ctx.inPre || node.tagName === 'pre', inNotes: ctx.inNotes || classes.includes('footnotes') };
  styleChildren(node, inner);
  const align = node.properties.align;
  node.properties = Object.fromEntries(Object.entries(node.properties).filter(([k]) => KEPT_ATTRIBUTES.has(k))) as Properties;
  let style = ctx.inNotes && (node.tagName === 'p' || node.tagName === 'li') ? FOOTNOTE : STYLES[node.tagName];
  if (node.tagName === 'code' && ctx.inPre) style = `font-family:${MONO};`;
  if (node.tagName === 'span') style = classes.map((c) => CODE_COLORS[c]).find(Boolean)?.replace(/^/, 'color:');
  if (classes.includes('contains-task-list')) style = `${STYLES.ul}list-style:none;padding-left:4px;`;
  if (classes.includes('footnotes')) style = `border-top:1px solid ${RULE};margin:32px 0 0;padding:16px 0 0;`;
  if ((node.tagName === 'td' || node.tagName === 'th') && typeof align === 'string') style = `${style}text-align:${align};`;
  if (style) node.properties.style = style;
  if (node.tagName === 'img') sizeImage(node, ctx);
  return [node];
}

/** A callout becomes a two-cell table: the one layout every client, Outlook included, keeps side by side. */
function toCalloutTable(aside: Element, ctx: StyleContext): Element {
  const [icon, body] = meaningfulChildren(aside);
  const content = body?.type === 'element' ? body : element('div', {}, []);
  styleChildren(content, ctx);
  const cell = (props: Properties, children: ElementContent[]) => element('td', { vAlign: 'top', ...props }, children);
  return element('table', { role: 'presentation', width: '100%', cellPadding: '0', cellSpacing: '0', border: '0', style: 'margin:0 0 18px;background:#fff8e6;border-radius:6px;' }, [
    element('tr', {}, [
      cell({ width: '40', style: 'padding:14px 0 0 14px;font-size:20px;line-height:1.5;' }, icon?.type === 'element' ? icon.children : []),
      cell({ style: 'padding:14px 16px 0 8px;' }, content.children),
    ]),
  ]);
}

/** Outlook ignores max-width: give images a width attribute that fits the column. */
function sizeImage(node: Element, ctx: StyleContext): void {
  const src = String(node.properties.src ?? '');
  const local = src.startsWith(`${ctx.siteUrl}/`) ? src.slice(ctx.siteUrl.length) : null;
  const size = local && ctx.measure ? ctx.measure(local) : null;
  const width = size?.width ?? Number(node.properties.width);
  const height = size?.height ?? Number(node.properties.height);
  if (!(width > 0)) return;
  const shown = Math.min(width, CONTENT_WIDTH);
  node.properties.width = shown;
  if (height > 0) node.properties.height = Math.round((height * shown) / width);
}
