import { html, type Html } from '@/lib/html/html';
import type { ReadingStats } from '@/lib/views/stats';
import { renderDocument } from '@/components/ui/document';
import type { SiteInfo } from '@/components/ui/chrome';
import { renderDayChart } from './chart';
import { renderAdminNav } from './nav';

const n = (v: number) => v.toLocaleString('en');

/** /admin/stats: what people read, per issue and for the site, with the sites that sent them. */
export function renderStatsPage(site: SiteInfo, stats: ReadingStats): string {
  const siteSummary = `${n(stats.site.series.reduce((s, d) => s + d.views, 0))} views in the last ${stats.days} days, ${n(stats.site.last30)} in the last 30.`;
  const main: Html = html`<h1 class="page-title">Reading statistics</h1>
${renderAdminNav('/admin/stats')}
<p class="meta">A view is one reader reading one issue on one day; crawlers, previews, prefetches and your own visits are not counted. Readers are not tracked: no cookie, and nothing stored can identify anyone.</p>
<section aria-labelledby="site-title"><h2 id="site-title">The whole site</h2>
<ul class="stat-list"><li><strong>${n(stats.site.total)}</strong> views in all</li><li><strong>${n(stats.site.last30)}</strong> in the last 30 days</li></ul>
${renderDayChart(stats.site.series.map((d) => ({ day: d.day, value: d.views })), { summary: `Views per day, whole site: ${siteSummary}`, kind: 'bars' })}
</section>
<section aria-labelledby="issues-title"><h2 id="issues-title">Issues, most read first</h2>
<table><thead><tr><th scope="col">Issue</th><th scope="col" class="num">All time</th><th scope="col" class="num">Last 30 days</th></tr></thead><tbody>${stats.issues.map(
  (i) => html`<tr><th scope="row"><a href="#issue-${i.slug}">${i.title}</a></th><td class="num">${n(i.total)}</td><td class="num">${n(i.last30)}</td></tr>`,
)}</tbody></table>
${stats.issues.map(
  (i) => html`<section id="issue-${i.slug}" aria-labelledby="issue-${i.slug}-title"><h3 id="issue-${i.slug}-title"><a href="/${i.slug}">${i.title}</a></h3>
${renderDayChart(i.series.map((d) => ({ day: d.day, value: d.views })), { summary: `Views per day of “${i.title}”: ${n(i.last30)} in the last 30 days, ${n(i.total)} in all.`, kind: 'bars', height: 120 })}
</section>`,
)}
</section>
<section aria-labelledby="referrers-title"><h2 id="referrers-title">Where readers came from (last 30 days)</h2>
${stats.referrers.length
  ? html`<table><thead><tr><th scope="col">Site</th><th scope="col" class="num">Views</th></tr></thead><tbody>${stats.referrers.map(
      (r) => html`<tr><td>${r.domain}</td><td class="num">${n(r.views)}</td></tr>`,
    )}</tbody></table>`
  : html`<p>No views came from another site yet (direct visits and links within this site are not listed).</p>`}
</section>`;
  return renderDocument({
    site,
    title: `Reading statistics · Admin · ${site.title}`,
    description: 'Reading statistics.',
    canonical: `${site.url}/admin/stats`,
    head: html`<meta name="robots" content="noindex">`,
    main,
  });
}
