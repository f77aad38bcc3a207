/** One point per day: subscribers confirmed and still subscribed at the end of that day. */
export type GrowthPoint = { day: string; total: number };

/**
 * The growth of the list over the last `days` days, from each subscriber's confirmation and
 * (if any) unsubscribe or bounce date. Pure, so the chart can be tested without a database.
 */
export function growthSeries(
  people: Array<{ confirmedAt: Date | null; leftAt: Date | null }>,
  now: Date,
  days = 90,
): GrowthPoint[] {
  const dayOf = (d: Date) => d.toISOString().slice(0, 10);
  const end = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const start = end - (days - 1) * 86_400_000;
  const delta = new Map<string, number>();
  let before = 0;
  for (const p of people) {
    if (!p.confirmedAt) continue;
    const bump = (d: Date, by: number) => {
      if (d.getTime() < start) before += by;
      else delta.set(dayOf(d), (delta.get(dayOf(d)) ?? 0) + by);
    };
    bump(p.confirmedAt, 1);
    if (p.leftAt) bump(p.leftAt, -1);
  }
  const out: GrowthPoint[] = [];
  let total = before;
  for (let t = start; t <= end; t += 86_400_000) {
    const day = dayOf(new Date(t));
    total += delta.get(day) ?? 0;
    out.push({ day, total });
  }
  return out;
}
