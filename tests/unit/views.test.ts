import { describe, expect, it } from 'vitest';
import { addressKey } from '@/lib/views/address';
import { daysBefore, isBot, referrerDomain, skipReason, slugFromPath, viewDay, type ViewRequest } from '@/lib/views/classify';
import { buildReadingStats, fillDays } from '@/lib/views/stats';
import { formatViews } from '@/components/article/issue-meta';

const CHROME = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36';
const reader: ViewRequest = { method: 'GET', userAgent: CHROME, purpose: null, isAuthor: false, countHeadless: false };

describe('which requests are views', () => {
  it('counts a reader’s GET from an ordinary browser', () => {
    expect(skipReason(reader)).toBeNull();
    for (const ua of [
      'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
      'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
    ]) expect(skipReason({ ...reader, userAgent: ua })).toBeNull();
  });

  it('skips crawlers, unfurlers, feed readers, scripts and headless browsers', () => {
    for (const ua of [
      'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
      'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)',
      'Twitterbot/1.0',
      'facebookexternalhit/1.1',
      'LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)',
      'Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)',
      'WhatsApp/2.23.20.0',
      'Feedly/1.0 (+http://www.feedly.com/fetcher.html)',
      'curl/8.5.0',
      'Wget/1.21',
      'python-requests/2.32.3',
      'Go-http-client/2.0',
      'node-fetch/1.0 (+https://github.com/bitinn/node-fetch)',
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36',
      'Mozilla/5.0 (Linux; Android 11; moto g power (2022)) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131 Mobile Safari/537.36 Chrome-Lighthouse',
    ]) expect(skipReason({ ...reader, userAgent: ua }), ua).toBe('bot');
    expect(skipReason({ ...reader, userAgent: null })).toBe('no-user-agent');
  });

  it('knows the crawlers and tools isbot knows, by their real user agents', () => {
    for (const ua of [
      'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; Googlebot/2.1; +http://www.google.com/bot.html) Chrome/131.0.6778.69 Safari/537.36',
      'Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.69 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
      'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm) Chrome/116.0.1938.76 Safari/537.36',
      'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)',
      'Slackbot 1.0 (+https://api.slack.com/robots)',
      'curl/7.88.1',
      'Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)',
      'Mozilla/5.0 (compatible; Applebot/0.1; +http://www.apple.com/go/applebot)',
      'TelegramBot (like TwitterBot)',
      'Mozilla/5.0 (Windows NT 6.1; WOW64) SkypeUriPreview Preview/0.5 skype-url-preview@microsoft.com',
      'Mozilla/5.0 (compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)',
      'Mozilla/5.0 (compatible; inoreader.com; 5 subscribers)',
    ]) expect(isBot(ua), ua).toBe(true);
  });

  it('keeps our rules on top of isbot: tools appended to a real browser, automation, feed readers', () => {
    for (const ua of [
      `${CHROME} GTmetrix`,
      `${CHROME} Uptime-Kuma/1.23.0`,
      `${CHROME} Electron/33.2.0`,
      `${CHROME} autocannon`,
      'NetNewsWire (RSS Reader; https://netnewswire.com/)',
    ]) expect(isBot(ua), ua).toBe(true);
  });

  it('counts in-app browsers, which are readers', () => {
    for (const ua of [
      'Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/AP2A; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/131.0.6778.81 Mobile Safari/537.36 Telegram-Android/11.4.2 (Google Pixel 8; Android 14; SDK 34; HIGH)',
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/440.0]',
      'Mozilla/5.0 (Linux; Android 13) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120 Mobile Safari/537.36 [LinkedInApp]',
    ]) expect(skipReason({ ...reader, userAgent: ua }), ua).toBeNull();
  });

  it('lets headless browsers count only when asked to (tests), never crawlers', () => {
    expect(isBot('Mozilla/5.0 HeadlessChrome/131.0.0.0 Safari/537.36', true)).toBe(false);
    expect(isBot('Mozilla/5.0 (compatible; Googlebot/2.1)', true)).toBe(true);
    expect(isBot('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36 (compatible; Googlebot/2.1)', true)).toBe(true);
    expect(isBot('Mozilla/5.0 HeadlessChrome/131.0.0.0 Safari/537.36')).toBe(true);
  });

  it('skips prefetches, prerenders, non-GET requests and the author', () => {
    for (const purpose of ['prefetch', 'prefetch;prerender', 'preview']) expect(skipReason({ ...reader, purpose })).toBe('prefetch');
    expect(skipReason({ ...reader, method: 'HEAD' })).toBe('method');
    expect(skipReason({ ...reader, isAuthor: true })).toBe('author');
  });
});

describe('referrer domains', () => {
  it('keeps only the domain, without www', () => {
    expect(referrerDomain('https://news.ycombinator.com/item?id=1', 'example.com')).toBe('news.ycombinator.com');
    expect(referrerDomain('https://www.Google.com/search?q=secret+query', 'example.com')).toBe('google.com');
  });
  it('drops this site, missing and malformed referrers', () => {
    expect(referrerDomain('https://www.example.com/archive', 'example.com')).toBeNull();
    expect(referrerDomain(null, 'example.com')).toBeNull();
    expect(referrerDomain('not a url', 'example.com')).toBeNull();
    expect(referrerDomain('android-app://com.slack/', 'example.com')).toBeNull();
  });
});

describe('issue paths', () => {
  it('takes the one segment of an issue path, decoded, and nothing else', () => {
    expect(slugFromPath('/keeping-a-lab-notebook')).toBe('keeping-a-lab-notebook');
    expect(slugFromPath('//keeping-a-lab-notebook//')).toBe('keeping-a-lab-notebook');
    expect(slugFromPath('/caf%C3%A9')).toBe('café');
    for (const path of ['/', '', '/a/b', '/%E0%A4%A', '/a%2Fb']) expect(slugFromPath(path), path).toBeNull();
  });
});

describe('reader addresses', () => {
  it('keeps IPv4 whole, maps IPv4-in-IPv6 back, and takes the /64 of IPv6', () => {
    expect(addressKey('203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('::ffff:cb00:7107')).toBe('203.0.113.7');
    expect(addressKey('2001:db8:a:b:c:d:e:f')).toBe('2001:db8:a:b::/64');
    expect(addressKey('2001:DB8:A:B::1')).toBe('2001:db8:a:b::/64');
    expect(addressKey('2001:db8::1')).toBe(addressKey('2001:db8:0:0:ffff::2'));
    expect(addressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(addressKey('unknown')).toBe('unknown');
  });
});

describe('days', () => {
  it('uses UTC days and steps across months and leap days', () => {
    expect(viewDay(new Date('2024-02-29T23:59:59Z'))).toBe('2024-02-29');
    expect(daysBefore('2024-03-01', 1)).toBe('2024-02-29');
    expect(daysBefore('2026-01-01', 365)).toBe('2025-01-01');
  });
});

describe('reading statistics', () => {
  it('fills missing days with zero', () => {
    expect(fillDays('2026-03-03', 3, new Map([['2026-03-02', 5]]))).toEqual([
      { day: '2026-03-01', views: 0 }, { day: '2026-03-02', views: 5 }, { day: '2026-03-03', views: 0 },
    ]);
  });

  it('sums per issue and for the site, sorts by all-time views, and splits the last 30 days', () => {
    const stats = buildReadingStats({
      today: '2026-03-31',
      days: 60,
      issues: [{ slug: 'a', title: 'A' }, { slug: 'b', title: 'B' }],
      totals: new Map([['a', 1000], ['b', 20]]), // a has imported history
      daily: [
        { slug: 'b', day: '2026-03-30', views: 12 },
        { slug: 'b', day: '2026-02-15', views: 8 }, // older than 30 days
        { slug: 'a', day: '2026-03-02', views: 3 }, // the first of the 30 days
        { slug: 'a', day: '2026-03-02', views: 2 }, // a rolled-up row for the same day
      ],
      referrers: [],
    });
    expect(stats.issues.map((i) => [i.slug, i.total, i.last30])).toEqual([['a', 1000, 5], ['b', 20, 12]]);
    expect(stats.site).toMatchObject({ total: 1020, last30: 17 });
    expect(stats.site.series).toHaveLength(60);
    expect(stats.site.series.find((d) => d.day === '2026-03-02')).toEqual({ day: '2026-03-02', views: 5 });
  });
});

describe('the displayed count', () => {
  it('uses thousands separators and hides an issue nobody has read yet', () => {
    expect(formatViews(31651)).toBe('31,651 views');
    expect(formatViews(1)).toBe('1 view');
    expect(formatViews(0)).toBe('');
  });
});
