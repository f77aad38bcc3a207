/** Words per minute for long-form technical prose read attentively. */
export const WORDS_PER_MINUTE = 230;

/** Counts words the way a reader would: runs of letters or digits, apostrophes and hyphens inside. */
export function countWords(text: string): number {
  const words = text.match(/[\p{L}\p{N}]+(?:['’\-][\p{L}\p{N}]+)*/gu);
  return words ? words.length : 0;
}

/** Whole minutes to read `words` words, never less than one. */
export function readingMinutes(words: number): number {
  return Math.max(1, Math.ceil(words / WORDS_PER_MINUTE));
}
