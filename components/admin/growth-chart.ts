import { html, type Html } from '@/lib/html/html';
import type { GrowthPoint } from '@/lib/newsletter/growth';

/** The list's growth as a small server-drawn SVG line chart, with a text summary for screen readers. */
export function renderGrowthChart(points: GrowthPoint[]): Html {
  if (points.length < 2) return html`<p>Not enough data for a chart yet.</p>`;
  const w = 640;
  const h = 180;
  const pad = { l: 44, r: 8, t: 10, b: 24 };
  const max = Math.max(1, ...points.map((p) => p.total));
  const x = (i: number) => pad.l + (i / (points.length - 1)) * (w - pad.l - pad.r);
  const y = (v: number) => pad.t + (1 - v / max) * (h - pad.t - pad.b);
  const line = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(p.total).toFixed(1)}`).join(' ');
  const first = points[0]!;
  const last = points.at(-1)!;
  const summary = `Confirmed subscribers grew from ${first.total.toLocaleString('en')} on ${first.day} to ${last.total.toLocaleString('en')} on ${last.day}.`;
  return html`<figure class="growth-chart">
<svg viewBox="0 0 ${w} ${h}" width="100%" role="img" aria-label="${summary}" preserveAspectRatio="none" style="max-width:${w}px;height:auto">
<line x1="${pad.l}" y1="${y(0)}" x2="${w - pad.r}" y2="${y(0)}" stroke="currentColor" stroke-opacity=".3"/>
<line x1="${pad.l}" y1="${y(max)}" x2="${w - pad.r}" y2="${y(max)}" stroke="currentColor" stroke-opacity=".15"/>
<text x="${pad.l - 6}" y="${y(max) + 4}" text-anchor="end" font-size="11" fill="currentColor">${max.toLocaleString('en')}</text>
<text x="${pad.l - 6}" y="${y(0) + 4}" text-anchor="end" font-size="11" fill="currentColor">0</text>
<text x="${pad.l}" y="${h - 6}" font-size="11" fill="currentColor">${first.day}</text>
<text x="${w - pad.r}" y="${h - 6}" text-anchor="end" font-size="11" fill="currentColor">${last.day}</text>
<path d="${line}" fill="none" stroke="var(--accent)" stroke-width="2"/>
</svg>
<figcaption>${summary}</figcaption>
</figure>`;
}
