import { cdata, escapeXml } from '../html/xml';
import { plainCorrectionNote, renderCorrectionNote } from '../content/corrections';
import { formatHumanDate, toDate } from '../content/dates';

export type FeedSite = { url: string; title: string; description: string; author: string; lang: string };
export type FeedItem = {
  slug: string;
  title: string;
  summary: string;
  date: string;
  updated: string | null;
  tags: string[];
  /** The full body, with absolute URLs. */
  html: string;
  /** A correction note and the day it shows (issue 14): at the top of the entry, and its day counts as an update. */
  correction?: { note: string; day: string } | null;
};

/** The day an entry last changed: its `updated`, its date, or its correction's day, the latest. */
function lastChanged(item: FeedItem): string {
  const day = item.updated ?? item.date;
  return item.correction && item.correction.day > day ? item.correction.day : day;
}

/** The body with the correction note on top, as the page shows it. */
function contentOf(item: FeedItem): string {
  if (!item.correction) return item.html;
  return `<aside><p><strong>Correction</strong> · ${formatHumanDate(item.correction.day)}: ${renderCorrectionNote(item.correction.note)}</p></aside>\n${item.html}`;
}

/** The summary, after the correction note when there is one. */
function summaryOf(item: FeedItem): string {
  return item.correction ? `Correction (${formatHumanDate(item.correction.day)}): ${plainCorrectionNote(item.correction.note)} ${item.summary}` : item.summary;
}

const x = escapeXml;

/** RSS 2.0 with the full body in content:encoded, newest first. */
export function buildRss(site: FeedSite, items: FeedItem[]): string {
  const latest = items.reduce((max, i) => (lastChanged(i) > max ? lastChanged(i) : max), '');
  const lastBuild = latest ? toDate(latest).toUTCString() : new Date(0).toUTCString();
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
<title>${x(site.title)}</title>
<link>${x(site.url)}/</link>
<description>${x(site.description)}</description>
<language>${x(site.lang)}</language>
<lastBuildDate>${lastBuild}</lastBuildDate>
<atom:link href="${x(site.url)}/feed.xml" rel="self" type="application/rss+xml"/>
${items
  .map((item) => {
    const url = `${site.url}/${item.slug}`;
    return `<item>
<title>${x(item.title)}</title>
<link>${x(url)}</link>
<guid isPermaLink="true">${x(url)}</guid>
<pubDate>${toDate(item.date).toUTCString()}</pubDate>
<dc:creator>${x(site.author)}</dc:creator>
${item.tags.map((t) => `<category>${x(t)}</category>`).join('\n')}
<description>${x(summaryOf(item))}</description>
<content:encoded>${cdata(contentOf(item))}</content:encoded>
</item>`;
  })
  .join('\n')}
</channel>
</rss>
`;
}

/** Atom 1.0 with the full body as HTML content, newest first. */
export function buildAtom(site: FeedSite, items: FeedItem[]): string {
  const updated = items.reduce((max, i) => (lastChanged(i) > max ? lastChanged(i) : max), '1970-01-01');
  return `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${x(site.lang)}">
<title>${x(site.title)}</title>
<subtitle>${x(site.description)}</subtitle>
<id>${x(site.url)}/</id>
<link href="${x(site.url)}/" rel="alternate" type="text/html"/>
<link href="${x(site.url)}/atom.xml" rel="self" type="application/atom+xml"/>
<updated>${toDate(updated).toISOString()}</updated>
<author><name>${x(site.author)}</name></author>
${items
  .map((item) => {
    const url = `${site.url}/${item.slug}`;
    return `<entry>
<title>${x(item.title)}</title>
<link href="${x(url)}" rel="alternate" type="text/html"/>
<id>${x(url)}</id>
<published>${toDate(item.date).toISOString()}</published>
<updated>${toDate(lastChanged(item)).toISOString()}</updated>
${item.tags.map((t) => `<category term="${x(t)}"/>`).join('\n')}
<summary>${x(summaryOf(item))}</summary>
<content type="html">${x(contentOf(item))}</content>
</entry>`;
  })
  .join('\n')}
</feed>
`;
}
