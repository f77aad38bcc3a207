import { html, type Html } from '@/lib/html/html';

export type ChartPoint = { day: string; value: number };

/**
 * A small server-drawn SVG chart of one value per day: a line (totals that grow) or bars (daily
 * counts). No chart library and no script; `summary` is its text for screen readers and the caption.
 */
export function renderDayChart(points: ChartPoint[], opts: { summary: string; kind: 'line' | 'bars'; height?: number; className?: string }): Html {
  if (points.length < 2) return html`<p>Not enough data for a chart yet.</p>`;
  const w = 640;
  const h = opts.height ?? 180;
  const pad = { l: 44, r: 8, t: 10, b: 24 };
  const max = Math.max(1, ...points.map((p) => p.value));
  const plotW = w - pad.l - pad.r;
  const y = (v: number) => pad.t + (1 - v / max) * (h - pad.t - pad.b);
  let marks: Html;
  if (opts.kind === 'line') {
    const x = (i: number) => pad.l + (i / (points.length - 1)) * plotW;
    const line = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ');
    marks = html`<path d="${line}" fill="none" stroke="var(--accent)" stroke-width="2"/>`;
  } else {
    const step = plotW / points.length;
    const bar = Math.max(1, step - 1);
    marks = html`<g fill="var(--accent)">${points.map((p, i) =>
      p.value > 0
        ? html`<rect x="${(pad.l + i * step).toFixed(1)}" y="${y(p.value).toFixed(1)}" width="${bar.toFixed(1)}" height="${(y(0) - y(p.value)).toFixed(1)}"><title>${p.day}: ${p.value.toLocaleString('en')}</title></rect>`
        : '',
    )}</g>`;
  }
  const first = points[0]!;
  const last = points.at(-1)!;
  return html`<figure class="${opts.className ?? 'day-chart'}">
<svg viewBox="0 0 ${w} ${h}" width="100%" role="img" aria-label="${opts.summary}" preserveAspectRatio="none" style="max-width:${w}px;height:auto">
<line x1="${pad.l}" y1="${y(0)}" x2="${w - pad.r}" y2="${y(0)}" stroke="currentColor" stroke-opacity=".3"/>
<line x1="${pad.l}" y1="${y(max)}" x2="${w - pad.r}" y2="${y(max)}" stroke="currentColor" stroke-opacity=".15"/>
<text x="${pad.l - 6}" y="${y(max) + 4}" text-anchor="end" font-size="11" fill="currentColor">${max.toLocaleString('en')}</text>
<text x="${pad.l - 6}" y="${y(0) + 4}" text-anchor="end" font-size="11" fill="currentColor">0</text>
<text x="${pad.l}" y="${h - 6}" font-size="11" fill="currentColor">${first.day}</text>
<text x="${w - pad.r}" y="${h - 6}" text-anchor="end" font-size="11" fill="currentColor">${last.day}</text>
${marks}
</svg>
<figcaption>${opts.summary}</figcaption>
</figure>`;
}
