import { describe, expect, it } from 'vitest';
import { adjacentIssues, groupByYear, relatedIssues, tagCounts } from '@/lib/content/collections';
import { formatHumanDate, isRealIsoDate } from '@/lib/content/dates';

const issue = (slug: string, date: string, tags: string[]) => ({ slug, date, title: slug, tags });
// Newest first, as the site lists them.
const issues = [
  issue('e', '2025-02-01', ['hiring', 'culture']),
  issue('d', '2024-11-01', ['writing']),
  issue('c', '2024-06-01', ['hiring', 'leadership', 'culture']),
  issue('b', '2024-01-01', ['leadership']),
  issue('a', '2023-05-01', ['hiring']),
];

describe('issue collections', () => {
  it('finds the newer and older neighbours', () => {
    expect(adjacentIssues(issues, 'c')).toEqual({ newer: issues[1], older: issues[3] });
    expect(adjacentIssues(issues, 'e').newer).toBeNull();
    expect(adjacentIssues(issues, 'a').older).toBeNull();
  });

  it('ranks related issues by shared tags, then recency, excluding itself and the neighbours', () => {
    expect(relatedIssues(issues, 'c').map((i) => i.slug)).toEqual(['e', 'b', 'a']);
    expect(relatedIssues(issues, 'c', 3, ['b', 'd']).map((i) => i.slug)).toEqual(['e', 'a']);
    expect(relatedIssues(issues, 'd')).toEqual([]);
  });

  it('counts tags and groups by year, newest first', () => {
    expect(tagCounts(issues)[0]).toEqual({ tag: 'hiring', count: 3 });
    expect(groupByYear(issues).map((y) => [y.year, y.issues.map((i) => i.slug).join('')])).toEqual([
      [2025, 'e'],
      [2024, 'dcb'],
      [2023, 'a'],
    ]);
  });
});

describe('dates', () => {
  it('formats days for humans, in UTC whatever the server zone', () => {
    expect(formatHumanDate('2023-07-21')).toBe('21 July 2023');
    expect(formatHumanDate('2024-01-01')).toBe('1 January 2024');
  });

  it('knows real calendar days', () => {
    expect(isRealIsoDate('2024-02-29')).toBe(true);
    expect(isRealIsoDate('2023-02-29')).toBe(false);
    expect(isRealIsoDate('2024-13-01')).toBe(false);
    expect(isRealIsoDate('2024-1-01')).toBe(false);
  });
});
