import { yearOf } from './dates';
import type { Issue } from './load';

type Listed = Pick<Issue, 'slug' | 'date' | 'title' | 'tags'>;

/** The issues either side of `slug` in a newest-first list: `newer` and `older`. */
export function adjacentIssues<T extends Listed>(issues: T[], slug: string): { newer: T | null; older: T | null } {
  const i = issues.findIndex((x) => x.slug === slug);
  if (i < 0) return { newer: null, older: null };
  return { newer: issues[i - 1] ?? null, older: issues[i + 1] ?? null };
}

/**
 * Up to `limit` issues sharing the most tags with `slug` (ties: newest first),
 * never the issue itself nor those in `exclude`. Issues sharing no tag are not related.
 */
export function relatedIssues<T extends Listed>(issues: T[], slug: string, limit = 3, exclude: string[] = []): T[] {
  const self = issues.find((x) => x.slug === slug);
  if (!self || self.tags.length === 0) return [];
  const tags = new Set(self.tags);
  return issues
    .filter((x) => x.slug !== slug && !exclude.includes(x.slug))
    .map((x, order) => ({ x, order, shared: x.tags.filter((t) => tags.has(t)).length }))
    .filter((r) => r.shared > 0)
    .sort((a, b) => b.shared - a.shared || a.order - b.order)
    .slice(0, limit)
    .map((r) => r.x);
}

/** Every tag with how many issues carry it, most used first, then alphabetically. */
export function tagCounts(issues: Listed[]): Array<{ tag: string; count: number }> {
  const counts = new Map<string, number>();
  for (const issue of issues) for (const tag of issue.tags) counts.set(tag, (counts.get(tag) ?? 0) + 1);
  return [...counts]
    .map(([tag, count]) => ({ tag, count }))
    .sort((a, b) => b.count - a.count || a.tag.localeCompare(b.tag));
}

/** Newest-first issues grouped by year, newest year first. */
export function groupByYear<T extends Listed>(issues: T[]): Array<{ year: number; issues: T[] }> {
  const years = new Map<number, T[]>();
  for (const issue of issues) {
    const year = yearOf(issue.date);
    years.set(year, [...(years.get(year) ?? []), issue]);
  }
  return [...years].sort((a, b) => b[0] - a[0]).map(([year, list]) => ({ year, issues: list }));
}
