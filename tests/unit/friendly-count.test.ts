import { describe, expect, it } from 'vitest';
import { ctaText, friendlyCount } from '@/lib/newsletter/friendly-count';

describe('friendly subscriber counts', () => {
  it('rounds down to a figure that reads well', () => {
    expect(friendlyCount(0)).toBe('0');
    expect(friendlyCount(37)).toBe('37');
    expect(friendlyCount(99)).toBe('99');
    expect(friendlyCount(120)).toBe('100');
    expect(friendlyCount(180)).toBe('150');
    expect(friendlyCount(2_614)).toBe('2,500');
    expect(friendlyCount(3_999)).toBe('3,500');
    expect(friendlyCount(12_400)).toBe('12,000');
    expect(friendlyCount(99_999)).toBe('99,000');
    expect(friendlyCount(184_000)).toBe('180,000');
  });

  it('never claims more than there are', () => {
    for (let n = 0; n < 200_000; n += 137) expect(Number(friendlyCount(n).replace(/,/g, ''))).toBeLessThanOrEqual(n);
  });

  it('fills the wording', () => {
    expect(ctaText('Join more than {count} future CTOs.', 2_614)).toBe('Join more than 2,500 future CTOs.');
    expect(ctaText('Enjoyed the read? Join more than {count} future CTOs.', 37)).toBe('Enjoyed the read? Join more than 37 future CTOs.');
    // With a handful of readers the number would undersell: the sentence goes.
    expect(ctaText('Enjoyed the read? Join more than {count} future CTOs.', 3)).toBe('Enjoyed the read? Get the next issue by email.');
  });
});
