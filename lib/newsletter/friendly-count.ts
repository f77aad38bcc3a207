/**
 * Rounds a subscriber count down to a figure that reads well in a sentence:
 * 37 → "37", 120 → "100", 2,614 → "2,500", 12,400 → "12,000", 184,000 → "180,000".
 * Never rounds up: "more than 2,500" must stay true.
 */
export function friendlyCount(count: number): string {
  const n = Math.max(0, Math.floor(count));
  if (n < 100) return n.toLocaleString('en');
  const magnitude = 10 ** Math.floor(Math.log10(n));
  // Half the leading power below 10,000 (2,500, 3,000 …), a tenth of it above (12,000, 180,000).
  const step = n < 10_000 ? magnitude / 2 : magnitude / 10;
  return (Math.floor(n / step) * step).toLocaleString('en');
}

/** Below this, "more than 3 readers" does more harm than good: the sentence with the number is left out. */
export const MIN_COUNT_SHOWN = 10;

/** The call to action with its live number: "{count}" in the wording is replaced. */
export function ctaText(template: string, confirmed: number): string {
  if (confirmed < MIN_COUNT_SHOWN) {
    const without = withoutSentenceOf(template, '{count}').trim();
    return without ? `${without} Get the next issue by email.` : 'Get the next issue by email.';
  }
  return template.replace('{count}', friendlyCount(confirmed));
}

/** The text without the sentence that holds `needle` (found by position: the regex this replaced was quadratic). */
function withoutSentenceOf(text: string, needle: string): string {
  const at = text.indexOf(needle);
  if (at < 0) return text;
  const isEnd = (c: string) => c === '.' || c === '!' || c === '?';
  let start = at;
  while (start > 0 && !isEnd(text[start - 1]!)) start--;
  let end = at + needle.length;
  while (end < text.length && !isEnd(text[end]!)) end++;
  return text.slice(0, start) + text.slice(Math.min(end + 1, text.length));
}
