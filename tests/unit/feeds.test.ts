import { describe, expect, it } from 'vitest';
import { buildAtom, buildRss, type FeedItem } from '@/lib/feeds/feeds';

const site = { url: 'https://notes.example.com', title: 'Notes & <Things>', description: 'D', author: 'Robin Hale', lang: 'en' };
const items: FeedItem[] = [
  { slug: 'new', title: 'New & improved', summary: 'S1', date: '2024-05-01', updated: '2024-06-02', tags: ['a'], html: '<p>Body ]]> with <a href="https://notes.example.com/old">link</a></p>' },
  { slug: 'old', title: 'Old', summary: 'S2', date: '2023-01-15', updated: null, tags: [], html: '<p>Old body</p>' },
];

describe('RSS 2.0', () => {
  const rss = buildRss(site, items);
  it('lists every item with permalink guid, RFC 822 date and the full body', () => {
    expect(rss).toContain('<title>Notes &amp; &lt;Things&gt;</title>');
    expect(rss).toContain('<guid isPermaLink="true">https://notes.example.com/new</guid>');
    expect(rss).toContain('<pubDate>Wed, 01 May 2024 00:00:00 GMT</pubDate>');
    expect(rss).toContain('<content:encoded><![CDATA[<p>Body ]]]]><![CDATA[> with <a href="https://notes.example.com/old">link</a></p>]]></content:encoded>');
    expect(rss.match(/<item>/g)).toHaveLength(2);
    expect(rss.indexOf('/new<')).toBeLessThan(rss.indexOf('/old<'));
  });
});

describe('Atom', () => {
  const atom = buildAtom(site, items);
  it('uses the newest update as the feed date and escapes the HTML content', () => {
    expect(atom).toContain('<updated>2024-06-02T00:00:00.000Z</updated>');
    expect(atom).toContain('<content type="html">&lt;p&gt;Old body&lt;/p&gt;</content>');
    expect(atom).toContain('<title>New &amp; improved</title>');
    expect(atom.match(/<entry>/g)).toHaveLength(2);
  });
});
