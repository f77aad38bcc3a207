import type { Html } from '@/lib/html/html';
import type { GrowthPoint } from '@/lib/newsletter/growth';
import { renderDayChart } from './chart';

/** The list's growth as a line chart, with a text summary for screen readers. */
export function renderGrowthChart(points: GrowthPoint[]): Html {
  const first = points[0];
  const last = points.at(-1);
  const summary = first && last
    ? `Confirmed subscribers grew from ${first.total.toLocaleString('en')} on ${first.day} to ${last.total.toLocaleString('en')} on ${last.day}.`
    : '';
  return renderDayChart(points.map((p) => ({ day: p.day, value: p.total })), { summary, kind: 'line', className: 'growth-chart' });
}
