import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { getEnv, resetEnvForTest } from '@/lib/env';
import { AUTHOR_COOKIE } from '@/lib/auth/service';
import { signToken } from '@/lib/security/tokens';
import { getAppSecret } from '@/lib/security/secret';
import { createViewCounter } from '@/lib/views/counter';
import { countView } from '@/lib/views/http';
import {
  flushViews, getPopularSlugs, getReadingStats, getViewCounts, rollUpOldViews,
} from '@/lib/views/service';
import { importViews } from '@/lib/views/import';
import { testDatabases } from '../support/databases';
import { useViewCounting } from '../support/views';

const SLUG = 'keeping-a-lab-notebook';
const OTHER = 'small-tools-sharp-edges';
const CHROME = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36';
const at = (iso: string) => new Date(iso);

function visit(slug: string, opts: { ip?: string; ua?: string; headers?: Record<string, string>; method?: string } = {}) {
  return new Request(`http://localhost:3000/${slug}`, {
    method: opts.method ?? 'GET',
    headers: { 'user-agent': opts.ua ?? CHROME, 'x-forwarded-for': opts.ip ?? '203.0.113.7', ...opts.headers },
  });
}

function view(slug: string, when: Date, opts: Parameters<typeof visit>[1] = {}) {
  countView(visit(slug, opts), `/${slug}`, when);
}

beforeAll(() => {
  vi.stubEnv('NODE_ENV', 'production'); // as readers get it: content read once, not on every lookup
  Object.assign(process.env, { APP_SECRET: 'test-secret-test-secret-test-secret-42', VIEWS: 'on', VIEWS_COUNT_HEADLESS: '0', VIEWS_RETENTION_DAYS: '90', SITE_URL: 'http://localhost:3000' });
  resetEnvForTest();
});
afterAll(() => {
  vi.unstubAllEnvs();
  resetEnvForTest();
});

describe.each(testDatabases)('view counting on $kind', ({ kind }) => {
  const { database, count } = useViewCounting(kind);

  it('counts a reader once per issue per day, and again the next day', async () => {
    const day1 = at('2026-03-10T09:00:00Z');
    view(SLUG, day1);
    view(SLUG, at('2026-03-10T09:05:00Z')); // reload
    view(SLUG, at('2026-03-10T23:59:00Z')); // same UTC day
    view(OTHER, day1); // another issue is another view
    view(SLUG, day1, { ip: '203.0.113.8' }); // another reader
    view(SLUG, day1, { ua: `${CHROME} Edg/131.0` }); // another browser on the same address
    await flushViews();
    expect(await count(SLUG)).toBe(3);
    expect(await count(OTHER)).toBe(1);

    view(SLUG, at('2026-03-11T00:00:01Z'));
    await flushViews();
    expect(await count(SLUG)).toBe(4);
  });

  it('stores no reader hash or salt of a past day, and no hash next to a count', async () => {
    view(SLUG, at('2026-03-10T09:00:00Z'));
    await flushViews();
    const db = database().db;
    const firstSalt = (await db.viewSalt.findMany()).map((s) => s.salt);
    expect(firstSalt).toHaveLength(1);
    expect(await db.viewVisitor.count()).toBe(1);

    view(OTHER, at('2026-03-11T08:00:00Z'));
    await flushViews();
    const salts = await db.viewSalt.findMany();
    expect(salts.map((s) => s.day)).toEqual(['2026-03-11']);
    expect(salts[0]!.salt).not.toBe(firstSalt[0]); // rotated
    expect((await db.viewVisitor.findMany()).map((v) => v.day)).toEqual(['2026-03-11']);
    // The views themselves hold no hash, address or user agent.
    const rows = await db.pageView.findMany({ orderBy: { id: 'asc' } });
    expect(rows.map((r) => Object.keys(r).sort())).toEqual([['at', 'day', 'id', 'referrer', 'slug'], ['at', 'day', 'id', 'referrer', 'slug']]);
  });

  it('a new salt makes yesterday’s reader unrecognisable: the same reader is counted again, nothing links the two days', async () => {
    view(SLUG, at('2026-03-10T10:00:00Z'));
    await flushViews();
    const [first] = await database().db.viewVisitor.findMany();
    view(SLUG, at('2026-03-11T10:00:00Z'));
    await flushViews();
    const [second] = await database().db.viewVisitor.findMany();
    expect(second!.hash).not.toBe(first!.hash);
    expect(await count(SLUG)).toBe(2);
  });

  it('does not count crawlers, tools, headless browsers, prefetches, HEAD requests or the signed-in author', async () => {
    const when = at('2026-03-10T12:00:00Z');
    for (const ua of [
      'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
      'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0)',
      'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)',
      'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)',
      'curl/8.5.0',
      'python-requests/2.32',
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0 Safari/537.36',
      '',
    ]) view(SLUG, when, { ua, ip: '198.51.100.1' });
    view(SLUG, when, { headers: { 'sec-purpose': 'prefetch' }, ip: '198.51.100.2' });
    view(SLUG, when, { headers: { purpose: 'prefetch' }, ip: '198.51.100.3' });
    view(SLUG, when, { headers: { 'x-moz': 'prefetch' }, ip: '198.51.100.4' });
    view(SLUG, when, { method: 'HEAD', ip: '198.51.100.5' });
    const session = signToken({ purpose: 'author-session' }, getAppSecret(), 3600, when);
    view(SLUG, when, { headers: { cookie: `${AUTHOR_COOKIE}=${encodeURIComponent(session)}` }, ip: '198.51.100.6' });
    view('no-such-issue', when);
    view('archive', when);
    await flushViews();
    expect(await database().db.pageView.count()).toBe(0);

    // A forged author cookie is just a reader.
    view(SLUG, when, { headers: { cookie: `${AUTHOR_COOKIE}=forged.cookie` }, ip: '198.51.100.7' });
    await flushViews();
    expect(await count(SLUG)).toBe(1);
  });

  it('counts headless browsers when VIEWS_COUNT_HEADLESS=1 (tests), but still never crawlers', async () => {
    Object.assign(process.env, { VIEWS_COUNT_HEADLESS: '1' });
    resetEnvForTest();
    try {
      const when = at('2026-03-10T12:00:00Z');
      view(SLUG, when, { ua: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0 Safari/537.36' });
      view(SLUG, when, { ua: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', ip: '198.51.100.9' });
      await flushViews();
      expect(await count(SLUG)).toBe(1);
    } finally {
      Object.assign(process.env, { VIEWS_COUNT_HEADLESS: '0' });
      resetEnvForTest();
    }
  });

  it('keeps exact counts under 100 concurrent readers spread over two app instances', async () => {
    // Two counters stand for two processes: separate queues and caches, one database.
    const options = { retentionDays: 90, perAddress: getEnv().VIEWS_PER_ADDRESS };
    const instances = [createViewCounter(options), createViewCounter(options)];
    const when = at('2026-03-10T15:00:00Z');
    const expected = new Set<string>();
    for (let i = 0; i < 100; i++) {
      const reader = { ip: `10.0.${i % 60}.1`, userAgent: `${CHROME} reader-${i % 60}` }; // 60 distinct readers, 40 repeats
      for (const slug of [SLUG, OTHER]) {
        expected.add(`${reader.ip}|${slug}`);
        // Each reader hits both instances: the database, not a cache, must recognise the repeat.
        for (const counter of instances) counter.add({ slug, ip: reader.ip, userAgent: reader.userAgent, referrer: null, at: when });
      }
    }
    await Promise.all(instances.map((c) => c.flush()));
    const counts = await getViewCounts();
    expect((counts.get(SLUG) ?? 0) + (counts.get(OTHER) ?? 0)).toBe(expected.size);
    expect(counts.get(SLUG)).toBe(60);
    expect(await database().db.pageView.count()).toBe(120);
  });

  it('records the referring site by domain only, and not links within the site', async () => {
    const when = at('2026-03-10T12:00:00Z');
    // Each domain brings at least REFERRER_MIN_READERS (3) addresses, so both are listed.
    for (const ip of ['192.0.2.1', '192.0.2.4', '192.0.2.5']) view(SLUG, when, { ip, headers: { referer: 'https://news.ycombinator.com/item?id=424242' } });
    view(SLUG, when, { ip: '192.0.2.6', headers: { referer: 'https://news.ycombinator.com/news' } });
    for (const ip of ['192.0.2.2', '192.0.2.7', '192.0.2.8']) view(SLUG, when, { ip, headers: { referer: 'https://www.linkedin.com/feed/update/urn:li:activity:1/' } });
    view(SLUG, when, { ip: '192.0.2.3', headers: { referer: 'http://localhost:3000/archive' } });
    await flushViews();
    const stats = await getReadingStats(at('2026-03-12T00:00:00Z'));
    expect(stats.referrers).toEqual([{ domain: 'news.ycombinator.com', views: 4 }, { domain: 'linkedin.com', views: 3 }]);
    expect((await database().db.pageView.findMany()).map((r) => r.referrer ?? '(none)').sort()).toEqual(
      ['(none)', ...Array(3).fill('linkedin.com'), ...Array(4).fill('news.ycombinator.com')],
    );
  });

  it('rolls views older than the retention into daily totals without changing any figure', async () => {
    const old = at('2026-01-05T10:00:00Z');
    view(SLUG, old, { ip: '192.0.2.1', headers: { referer: 'https://news.ycombinator.com/' } });
    view(SLUG, old, { ip: '192.0.2.2' });
    view(OTHER, at('2026-01-06T10:00:00Z'), { ip: '192.0.2.3' });
    await flushViews();
    const now = at('2026-05-01T12:00:00Z'); // 116 days later: beyond the 90-day retention
    const before = await getReadingStats(now, 120);
    expect(await rollUpOldViews(now)).toBe(3);
    const db = database().db;
    expect(await db.pageView.count()).toBe(0);
    expect(await db.viewDaily.findMany({ orderBy: { slug: 'asc' } })).toEqual([
      { slug: SLUG, day: '2026-01-05', views: 2 },
      { slug: OTHER, day: '2026-01-06', views: 1 },
    ]);
    expect(await db.referrerDaily.findMany()).toEqual([{ slug: SLUG, day: '2026-01-05', domain: 'news.ycombinator.com', views: 1 }]);
    expect(await getReadingStats(now, 120)).toEqual(before);
    expect(await rollUpOldViews(now)).toBe(0); // nothing left to roll up, nothing added twice
    expect(await count(SLUG)).toBe(2);
  });

  it('rolls up old days by itself when a new day begins', async () => {
    view(SLUG, at('2026-01-05T10:00:00Z'));
    await flushViews();
    view(SLUG, at('2026-05-01T10:00:00Z'));
    await flushViews();
    const db = database().db;
    expect((await db.pageView.findMany()).map((r) => r.day)).toEqual(['2026-05-01']);
    expect(await db.viewDaily.findMany()).toEqual([{ slug: SLUG, day: '2026-01-05', views: 1 }]);
  });

  it('views:import seeds historical counts, idempotently, and refuses a bad file whole', async () => {
    view(SLUG, at('2026-03-10T12:00:00Z'));
    await flushViews();
    const csv = `slug,views\n${SLUG},31650\n${OTHER},"1,204"\n`;
    expect(await importViews(csv)).toEqual({ ok: true, value: { issues: 2, views: 32854 } });
    expect(await importViews(csv)).toMatchObject({ ok: true }); // again: nothing doubles
    expect(await count(SLUG)).toBe(31651);
    expect(await count(OTHER)).toBe(1204);

    const bad = await importViews(`${SLUG},12\nno-such-issue,5\n${OTHER},many\n`);
    expect(bad).toMatchObject({ ok: false, error: 'invalid' });
    expect(bad.problems).toEqual([
      { line: 2, message: 'no published issue has the slug "no-such-issue"' },
      { line: 3, message: 'views must be a whole number, like 31651' },
    ]);
    expect(await count(SLUG)).toBe(31651); // unchanged: nothing half-imported
  });

  it('lists the most read issues of the last 30 days for the home page', async () => {
    const when = at('2026-03-10T12:00:00Z');
    for (let i = 0; i < 3; i++) view(OTHER, when, { ip: `192.0.2.${i}` });
    view(SLUG, when, { ip: '192.0.2.50' });
    view(SLUG, at('2026-01-02T12:00:00Z'), { ip: '192.0.2.51' }); // too old for "popular"
    await flushViews();
    expect(await getPopularSlugs(5, at('2026-03-11T00:00:00Z'))).toEqual([{ slug: OTHER, views: 3 }, { slug: SLUG, views: 1 }]);
  });

  it('a counting failure never reaches the reader: nothing throws, other figures still read', async () => {
    const db = database().db;
    await importViews(`${SLUG},10\n`);
    expect(() => countView(visit('%E0%A4%A'), '/%E0%A4%A', at('2026-03-10T12:00:00Z'))).not.toThrow(); // a malformed path
    await db.$executeRawUnsafe('ALTER TABLE "ViewVisitor" RENAME TO "ViewVisitorAway"');
    try {
      expect(() => view(SLUG, at('2026-03-10T12:00:00Z'))).not.toThrow();
      await expect(flushViews()).resolves.toBeUndefined(); // the write failed, and was only logged
      expect(await count(SLUG)).toBe(10);
    } finally {
      await db.$executeRawUnsafe('ALTER TABLE "ViewVisitorAway" RENAME TO "ViewVisitor"');
    }
    view(SLUG, at('2026-03-10T12:01:00Z'), { ip: '192.0.2.99' }); // and counting carries on
    await flushViews();
    expect(await count(SLUG)).toBe(11);
  });
});
