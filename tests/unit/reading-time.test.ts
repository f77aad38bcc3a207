import { describe, expect, it } from 'vitest';
import { countWords, readingMinutes, WORDS_PER_MINUTE } from '@/lib/content/reading-time';

describe('reading time', () => {
  it('counts words, keeping contractions and hyphenated words whole', () => {
    expect(countWords("Don't over-engineer the first version, it's 2024.")).toBe(7);
    expect(countWords('  \n ')).toBe(0);
    expect(countWords('Åsa läser långsamt')).toBe(3);
  });

  it('rounds up to whole minutes and never says zero', () => {
    expect(readingMinutes(0)).toBe(1);
    expect(readingMinutes(WORDS_PER_MINUTE)).toBe(1);
    expect(readingMinutes(WORDS_PER_MINUTE + 1)).toBe(2);
    expect(readingMinutes(4600)).toBe(20);
  });
});
