import { daysBefore } from './classify';

/** Pure shaping of view data for /admin/stats: no database, so it is tested with plain values. */
export type DayViews = { day: string; views: number };
export type IssueStats = { slug: string; title: string; total: number; last30: number; series: DayViews[] };
export type ReadingStats = {
  days: number;
  site: { total: number; last30: number; series: DayViews[] };
  issues: IssueStats[];
  referrers: Array<{ domain: string; views: number }>;
};

/** Every day from `days - 1` days before `today` to `today`, oldest first, with 0 where nothing was read. */
export function fillDays(today: string, days: number, views: Map<string, number>): DayViews[] {
  const out: DayViews[] = [];
  for (let i = days - 1; i >= 0; i--) {
    const day = daysBefore(today, i);
    out.push({ day, views: views.get(day) ?? 0 });
  }
  return out;
}

export function buildReadingStats(input: {
  today: string;
  days: number;
  issues: Array<{ slug: string; title: string }>;
  totals: Map<string, number>;
  daily: Array<{ slug: string; day: string; views: number }>;
  referrers: Array<{ domain: string; views: number }>;
}): ReadingStats {
  const since30 = daysBefore(input.today, 29);
  const perIssue = new Map<string, Map<string, number>>();
  const site = new Map<string, number>();
  for (const row of input.daily) {
    const days = perIssue.get(row.slug) ?? perIssue.set(row.slug, new Map()).get(row.slug)!;
    days.set(row.day, (days.get(row.day) ?? 0) + row.views);
    site.set(row.day, (site.get(row.day) ?? 0) + row.views);
  }
  const sumSince = (days: Map<string, number> | undefined) => [...(days ?? [])].reduce((n, [day, v]) => (day >= since30 ? n + v : n), 0);
  const issues = input.issues
    .map((i) => ({
      slug: i.slug,
      title: i.title,
      total: input.totals.get(i.slug) ?? 0,
      last30: sumSince(perIssue.get(i.slug)),
      series: fillDays(input.today, input.days, perIssue.get(i.slug) ?? new Map()),
    }))
    .sort((a, b) => b.total - a.total || b.last30 - a.last30 || (a.slug < b.slug ? -1 : 1));
  return {
    days: input.days,
    site: { total: issues.reduce((n, i) => n + i.total, 0), last30: sumSince(site), series: fillDays(input.today, input.days, site) },
    issues,
    referrers: input.referrers,
  };
}
