import { cdata, escapeXml } from '../html/xml';
import { toDate } from '../content/dates';

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
};

const x = escapeXml;

/** RSS 2.0 with the full body in content:encoded, newest first. */
export function buildRss(site: FeedSite, items: FeedItem[]): string {
  const lastBuild = items[0] ? toDate(items[0].updated ?? items[0].date).toUTCString() : new Date(0).toUTCString();
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
<description>${x(item.summary)}</description>
<content:encoded>${cdata(item.html)}</content:encoded>
</item>`;
  })
  .join('\n')}
</channel>
</rss>
`;
}

/** Atom 1.0 with the full body as HTML content, newest first. */
export function buildAtom(site: FeedSite, items: FeedItem[]): string {
  const updated = items.reduce((max, i) => ((i.updated ?? i.date) > max ? (i.updated ?? i.date) : max), '1970-01-01');
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
<updated>${toDate(item.updated ?? item.date).toISOString()}</updated>
${item.tags.map((t) => `<category term="${x(t)}"/>`).join('\n')}
<summary>${x(item.summary)}</summary>
<content type="html">${x(item.html)}</content>
</entry>`;
  })
  .join('\n')}
</feed>
`;
}
