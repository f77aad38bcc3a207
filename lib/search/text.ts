// Line by line with plain string rules rather than a Markdown parser: the index is rebuilt for
// every issue whenever a version goes live, and remark took ~20 ms per 2,000-word issue (10 s for
// 500), this a fraction of a millisecond. Search needs the words, not an exact rendering.
const FENCE = /^\s*(```|~~~)/;
const INLINE: Array<[RegExp, string]> = [
  [/!\[([^\]]*)\]\([^)]*\)/g, '$1'], // images: their alt text
  [/\[([^\]]*)\]\([^)]*\)/g, '$1'], // links: their text, never the URL
  [/\[([^\]]*)\]\[[^\]]*\]/g, '$1'], // reference links
  [/<\/?[a-zA-Z][^>]*>/g, ' '], // HTML tags
  [/(\*\*|__|\*|_|~~|`)/g, ''], // emphasis and code marks
];
const MAX_LINE = 20_000;
const BLOCK_PREFIX = /^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d{1,9}[.)]\s+|\|)/;

/** An issue's Markdown as the plain text a reader reads: no syntax, no URLs, one block a line. */
export function markdownToText(markdown: string): string {
  const out: string[] = [];
  for (const whole of markdown.replace(/\r\n?/g, '\n').split('\n')) {
    // The inline rules are quadratic on a line of unclosed brackets or tags: a line is read to
    // MAX_LINE characters (a paragraph of 3,000 words), which keeps the worst case to tens of milliseconds.
    const raw = whole.slice(0, MAX_LINE);
    if (FENCE.test(raw) || /^\s*\[[^\]]+\]:\s/.test(raw) || /^\s*([-*_]\s*){3,}$/.test(raw)) continue; // fences, link definitions, rules
    let line = raw;
    for (let prefix = BLOCK_PREFIX.exec(line); prefix; prefix = BLOCK_PREFIX.exec(line)) line = line.slice(prefix[0].length);
    for (const [pattern, replacement] of INLINE) line = line.replace(pattern, replacement);
    line = line.replaceAll('|', ' ').replace(/\s+/g, ' ').trim();
    if (line) out.push(line);
  }
  return out.join('\n');
}
