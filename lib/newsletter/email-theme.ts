import 'server-only';

// Email clients ignore <style> blocks inconsistently (and Outlook ignores max-width): every
// element carries its own style, the layout is a 600px table, fonts are the system's.
export const CONTENT_WIDTH = 550;
// Outlook on Windows only tries the first family (Times New Roman if it is missing): Windows' own first.
export const FONT = "'Segoe UI',-apple-system,BlinkMacSystemFont,Roboto,Helvetica,Arial,sans-serif";
export const MONO = "Consolas,ui-monospace,SFMono-Regular,Menlo,'Liberation Mono',monospace";
export const [INK, MUTED, LINK, RULE, TINT, PAPER] = ['#1f2328', '#59636e', '#0b57d0', '#d1d9e0', '#f6f8fa', '#f3f4f6'];
export const TEXT = `font-family:${FONT};color:${INK};`;
export const HEADING = `${TEXT}font-weight:700;line-height:1.3;`;
const CELL = `border:1px solid ${RULE};padding:6px 8px;vertical-align:top;`;
/** The inline style of each element the issue body may contain. */
export const STYLES: Record<string, string> = {
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
export const FOOTNOTE = `${TEXT}margin:0 0 8px;font-size:15px;line-height:1.5;`;
// highlight.js classes, in GitHub's light palette: readable on the light code background.
export const CODE_COLORS: Record<string, string> = {
  'hljs-comment': '#6e7781', 'hljs-quote': '#6e7781', 'hljs-string': '#0a3069', 'hljs-regexp': '#0a3069',
  'hljs-keyword': '#cf222e', 'hljs-number': '#0550ae', 'hljs-literal': '#0550ae', 'hljs-attr': '#0550ae',
  'hljs-built_in': '#8250df', 'hljs-title': '#8250df', 'hljs-type': '#953800', 'hljs-meta': '#953800', 'hljs-variable': '#953800',
};
