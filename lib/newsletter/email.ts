import 'server-only';
import type { Element, ElementContent, Properties, Root } from 'hast';
import { toHtml } from 'hast-util-to-html';
import type { List, PhrasingContent, RootContent, Table } from 'mdast';
import rehypeHighlight from 'rehype-highlight';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { formatHumanDate } from '../content/dates';
import { rehypeCallouts } from '../content/markdown/callouts';
import { rehypeFigures } from '../content/markdown/figures';
import { element, meaningfulChildren, text } from '../content/markdown/hast';
import type { MeasureImage } from '../content/markdown/images';
import { rehypeLinks } from '../content/markdown/links';
import { parseMarkdown } from '../content/markdown/render';
import { escapeHtml, html, raw } from '../html/html';

/** What an issue email is made from: the issue and the site it belongs to. */
export type EmailIssue = { slug: string; title: string; date: string; summary: string; markdown: string };
export type EmailSite = { url: string; title: string; author: string; lang: string };

/** An issue rendered once for everybody; `personalizeIssueEmail` puts each reader's unsubscribe link in. */
export type IssueEmail = { subject: string; viewUrl: string; html: string; text: string };

/** Stands where each reader's unsubscribe URL goes (a string no Markdown can produce). */
export const UNSUBSCRIBE_MARK = '\u0000UNSUBSCRIBE\u0000';

// Email clients ignore <style> blocks inconsistently (and Outlook ignores max-width): every
// element carries its own style, the layout is a 600px table, fonts are the system's.
const CONTENT_WIDTH = 550;
// Outlook on Windows only tries the first family (Times New Roman if it is missing): Windows' own first.
const FONT = "'Segoe UI',-apple-system,BlinkMacSystemFont,Roboto,Helvetica,Arial,sans-serif";
const MONO = "Consolas,ui-monospace,SFMono-Regular,Menlo,'Liberation Mono',monospace";
const [INK, MUTED, LINK, RULE, TINT, PAPER] = ['#1f2328', '#59636e', '#0b57d0', '#d1d9e0', '#f6f8fa', '#f3f4f6'];
const TEXT = `font-family:${FONT};color:${INK};`;
const HEADING = `${TEXT}font-weight:700;line-height:1.3;`;
const CELL = `border:1px solid ${RULE};padding:6px 8px;vertical-align:top;`;
const STYLES: Record<string, string> = {
  p: `${TEXT}margin:0 0 18px;font-size:17px;line-height:1.6;`,
  h2: `${HEADING}margin:34px 0 12px;font-size:23px;`,
  h3: `${HEADING}margin:28px 0 10px;font-size:19px;`,
  h4: `${HEADING}margin:24px 0 8px;font-size:17px;`,
  a: `color:${LINK};text-decoration:underline;`,
  ul: `${TEXT}margin:0 0 18px;padding:0 0 0 26px;font-size:17px;line-height:1.6;`,
  li: 'margin:0 0 6px;',
  blockquote: `margin:0 0 18px;padding:2px 0 2px 16px;border-left:4px solid ${RULE};`,
  pre: `margin:0 0 18px;padding:14px 16px;background:${TINT};border:1px solid ${RULE};border-radius:6px;font-family:${MONO};font-size:13px;line-height:1.5;color:${INK};white-space:pre-wrap;word-wrap:break-word;`,
  code: `font-family:${MONO};font-size:0.9em;background:${TINT};padding:1px 4px;border-radius:4px;`,
  img: 'display:block;max-width:100%;height:auto;border:0;margin:0 auto;',
  figure: 'margin:0 0 18px;',
  figcaption: `${TEXT}margin:8px 0 0;font-size:14px;line-height:1.5;color:${MUTED};text-align:center;`,
  table: `border-collapse:collapse;width:100%;margin:0 0 18px;font-family:${FONT};font-size:15px;line-height:1.45;color:${INK};`,
  th: `${CELL}background:${TINT};font-weight:700;`,
  td: CELL,
  hr: `border:0;border-top:1px solid ${RULE};margin:32px 0;`,
  sup: 'font-size:12px;line-height:0;',
};
STYLES.ol = STYLES.ul!;
STYLES.h5 = STYLES.h6 = STYLES.h4!;
const FOOTNOTE = `${TEXT}margin:0 0 8px;font-size:15px;line-height:1.5;`;
// highlight.js classes, in GitHub's light palette: readable on the light code background.
const CODE_COLORS: Record<string, string> = {
  'hljs-comment': '#6e7781', 'hljs-quote': '#6e7781', 'hljs-string': '#0a3069', 'hljs-regexp': '#0a3069',
  'hljs-keyword': '#cf222e', 'hljs-number': '#0550ae', 'hljs-literal': '#0550ae', 'hljs-attr': '#0550ae',
  'hljs-built_in': '#8250df', 'hljs-title': '#8250df', 'hljs-type': '#953800', 'hljs-meta': '#953800', 'hljs-variable': '#953800',
};
const KEPT_ATTRIBUTES = new Set(['href', 'src', 'alt', 'width', 'height', 'colSpan', 'rowSpan', 'align', 'title']);

/** Renders an issue as an email (HTML with inline styles, and a plain-text part), with UNSUBSCRIBE_MARK for the link. */
export function renderIssueEmail(issue: EmailIssue, site: EmailSite, options: { measure?: MeasureImage } = {}): IssueEmail {
  const viewUrl = `${site.url}/${issue.slug}`;
  const body = renderHtmlBody(issue.markdown, site.url, viewUrl, options.measure);
  const small = `font-family:${FONT};font-size:13px;line-height:1.5;color:${MUTED};`;
  const page = html`<!DOCTYPE html>
<html lang="${site.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="x-apple-disable-message-reformatting"><title>${issue.title}</title></head>
<body style="margin:0;padding:0;background:${PAPER};">
<div style="display:none;max-height:0;overflow:hidden;">${issue.summary}</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:${PAPER};"><tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" style="width:100%;max-width:600px;">
<tr><td style="padding:0 4px 12px;${small}"><a href="${site.url}" style="color:${MUTED};font-weight:700;text-decoration:none;">${site.title}</a> · <a href="${viewUrl}" style="color:${MUTED};">View in your browser</a></td></tr>
<tr><td style="background:#ffffff;border:1px solid ${RULE};border-radius:8px;padding:32px 24px 14px;">
<h1 style="${HEADING}margin:0 0 8px;font-size:30px;line-height:1.2;">${issue.title}</h1>
<p style="${TEXT}margin:0 0 28px;font-size:14px;color:${MUTED};">${formatHumanDate(issue.date)} · ${site.author}</p>
${raw(body)}
</td></tr>
<tr><td style="padding:16px 4px;${small}">You are receiving this because you subscribed to <a href="${site.url}" style="color:${MUTED};">${site.title}</a>. <a href="${raw(UNSUBSCRIBE_MARK)}" style="color:${MUTED};">Unsubscribe</a> with one click, no questions asked.</td></tr>
</table></td></tr></table>
</body></html>`;
  const heading = `${issue.title}\n${'='.repeat(lengthOf(issue.title))}`;
  const textBody = renderTextBody(issue.markdown, site.url, viewUrl);
  const plain = `${site.title}\nView in your browser: ${viewUrl}\n\n${heading}\n${formatHumanDate(issue.date)} · ${site.author}\n\n${textBody}\n\n-- \nYou are receiving this because you subscribed to ${site.title} (${site.url}).\nUnsubscribe: ${UNSUBSCRIBE_MARK}\n`;
  return { subject: issue.title, viewUrl, html: page.value, text: plain };
}

/** The email's two parts with one reader's unsubscribe link in place. */
export function personalizeIssueEmail(email: IssueEmail, unsubscribeUrl: string): { html: string; text: string } {
  return { html: email.html.split(UNSUBSCRIBE_MARK).join(escapeHtml(unsubscribeUrl)), text: email.text.split(UNSUBSCRIBE_MARK).join(unsubscribeUrl) };
}

// ---- MIME ------------------------------------------------------------------------------

/** One message's envelope-independent parts, encoded once per send: each message then costs a few joins. */
export type MessageTemplate = { headers: string; text: EncodedPart; html: EncodedPart };
type EncodedPart = { head: Buffer; tail: Buffer; rest: string[] };
// "_" is not in the base64 alphabet, so no encoded line can ever look like this boundary.
const BOUNDARY = '=_masthead_alternative';

/** Prepares the raw-message template for an issue email sent from `from` on the list `listId`. */
export function prepareIssueMessage(email: IssueEmail, options: { from: string; listId: string }): MessageTemplate {
  const headers = [`From: ${encodeAddress(options.from)}`, `Subject: ${encodeHeader(email.subject)}`, 'MIME-Version: 1.0', `List-Id: ${options.listId}`].join('\r\n');
  return { headers, text: encodePart('text/plain', email.text), html: encodePart('text/html', email.html) };
}

/** The raw RFC 5322 message for one reader (CRLF line ends; both parts base64), as bytes ready for SMTP. */
export function composeIssueMessage(t: MessageTemplate, m: { to: string; messageId: string; unsubscribeUrl: string; date: Date }): Buffer {
  const headers = [
    t.headers,
    `To: <${m.to.replace(/[\r\n<>]/g, '')}>`,
    `Date: ${m.date.toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: ${m.messageId}`,
    `List-Unsubscribe: <${m.unsubscribeUrl}>`,
    'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
    'Precedence: bulk',
    `Content-Type: multipart/alternative; boundary="${BOUNDARY}"`,
    '\r\n',
  ].join('\r\n');
  // Buffers, not one long string: the shared heads are copied once, and V8's heap stays small.
  return Buffer.concat([
    Buffer.from(headers),
    t.text.head,
    Buffer.from(fillTail(t.text, m.unsubscribeUrl)),
    t.html.head,
    Buffer.from(`${fillTail(t.html, escapeHtml(m.unsubscribeUrl))}--${BOUNDARY}--\r\n`),
  ]);
}

/** Deterministic per (send, reader): a client that sees a rare resend recognises the same message. */
export function createMessageId(sendId: number, subscriberId: number, siteUrl: string): string {
  return `<newsletter-${sendId}-${subscriberId}@${new URL(siteUrl).hostname}>`;
}

/** RFC 2919 List-Id: the site's title and a list name under its host. */
export function createListId(site: Pick<EmailSite, 'url' | 'title'>): string {
  const label = /^[\x20-\x7e]*$/.test(site.title) ? `"${site.title.replace(/["\\]/g, '')}"` : encodeHeader(site.title);
  return `${label} <newsletter.${new URL(site.url).hostname}>`;
}

// Base64 lines carry 57 bytes each: the part up to the last whole line before the first mark is
// encoded once; per message only the short tail (the footer, where the link is) is encoded.
function encodePart(type: string, template: string): EncodedPart {
  // MIME's canonical text form has CRLF line ends, and base64 hides them from any later conversion.
  const [first = '', ...rest] = template.replace(/\r?\n/g, '\r\n').split(UNSUBSCRIBE_MARK);
  const bytes = Buffer.from(first);
  const cut = bytes.length - (bytes.length % 57);
  const partHeaders = `--${BOUNDARY}\r\nContent-Type: ${type}; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n`;
  return { head: Buffer.from(partHeaders + wrapBase64(bytes.subarray(0, cut).toString('base64'))), tail: bytes.subarray(cut), rest };
}

function fillTail(part: EncodedPart, value: string): string {
  const tail = part.rest.length ? Buffer.concat([part.tail, Buffer.from(value + part.rest.join(value))]) : part.tail;
  return wrapBase64(tail.toString('base64'));
}

function wrapBase64(encoded: string): string {
  let out = '';
  for (let i = 0; i < encoded.length; i += 76) out += `${encoded.slice(i, i + 76)}\r\n`;
  return out;
}

/** RFC 2047 encoded words for anything beyond printable ASCII; CR/LF never reach a header. */
export function encodeHeader(value: string): string {
  const clean = value.replace(/[\r\n]+/g, ' ');
  if (/^[\x20-\x7e]*$/.test(clean)) return clean;
  const words: string[] = [];
  let chunk = '';
  for (const ch of clean) {
    if (Buffer.byteLength(chunk + ch) > 45) {
      words.push(chunk);
      chunk = '';
    }
    chunk += ch;
  }
  words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w).toString('base64')}?=`).join('\r\n ');
}

/** `Name <address>` with the name encoded when it is not ASCII. */
function encodeAddress(from: string): string {
  const m = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(from);
  if (!m || /^[\x20-\x7e]*$/.test(from)) return from.replace(/[\r\n]+/g, ' ');
  return `${encodeHeader(m[1]!)} <${m[2]}>`;
}

// ---- HTML part ---------------------------------------------------------------------------

function renderHtmlBody(markdown: string, siteUrl: string, pageUrl: string, measure: MeasureImage | undefined): string {
  const processor = unified()
    .use(remarkParse)
    .use(remarkGfm)
    .use(remarkRehype)
    .use(rehypeCallouts)
    .use(rehypeFigures)
    .use(rehypeLinks, { siteUrl, absoluteBase: pageUrl })
    .use(rehypeHighlight, { detect: false });
  const tree = processor.runSync(processor.parse(markdown)) as Root;
  styleChildren(tree, { siteUrl, measure, inPre: false, inNotes: false });
  return toHtml(tree);
}

type StyleContext = { siteUrl: string; measure: MeasureImage | undefined; inPre: boolean; inNotes: boolean };

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

// ---- plain-text part ---------------------------------------------------------------------

type TextContext = { siteUrl: string; pageUrl: string; definitions: Map<string, string>; notes: string[] };

function renderTextBody(markdown: string, siteUrl: string, pageUrl: string): string {
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
      return node.depth <= 2 ? `${title}\n${'-'.repeat(lengthOf(title))}` : `${'#'.repeat(node.depth)} ${title}`;
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
      return node.value.replace(/<[^>]*>/g, '').trim();
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
    case 'link': return formatLink(inner, absolutize(node.url, ctx));
    case 'linkReference': {
      const url = ctx.definitions.get(node.identifier);
      return url ? formatLink(inner, absolutize(url, ctx)) : inner;
    }
    case 'image': case 'imageReference': return node.alt ? `[Image: ${node.alt}]` : '';
    case 'footnoteReference': {
      if (!ctx.notes.includes(node.identifier)) ctx.notes.push(node.identifier);
      return `[${ctx.notes.indexOf(node.identifier) + 1}]`;
    }
    case 'html': return node.value.replace(/<[^>]*>/g, '');
    default: return inner;
  }
}

/** "text (url)"; a bare URL (an autolink, or text that is the address) stays as it is. */
function formatLink(label: string, url: string): string {
  const bare = url.replace(/^(mailto:|https?:\/\/)/, '');
  return label === url || label === bare || label === '' ? url : `${label} (${url})`;
}

function absolutize(url: string, ctx: TextContext): string {
  if (url.startsWith('#')) return ctx.pageUrl + url;
  return url.startsWith('/') && !url.startsWith('//') ? ctx.siteUrl + url : url;
}

/** Indents every line after the first by the marker's width, so wrapped items line up. */
function hang(marker: string, content: string): string {
  const pad = ' '.repeat(marker.length);
  return marker + content.split('\n').map((l, i) => (i === 0 || l === '' ? l : pad + l)).join('\n');
}

function lengthOf(s: string): number {
  return [...s].length;
}
