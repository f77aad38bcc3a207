// Point 24 of issue 10: counts strangers can move. With the defaults a reader gets (VIEWS_PER_ADDRESS
// unset: 4; VIEWS_COUNT_HEADLESS unset), one address cannot add more than the cap to an issue in a
// day however many user agents it claims, and cannot list a referring domain in /admin/stats alone.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { getEnv, resetEnvForTest } from '@/lib/env';
import { createViewCounter } from '@/lib/views/counter';
import { countView } from '@/lib/views/http';
import { flushViews, getPopularSlugs, getReadingStats, REFERRER_MIN_READERS } from '@/lib/views/service';
import { testDatabases } from '../support/databases';
import { useViewCounting } from '../support/views';

const SLUG = 'keeping-a-lab-notebook';
const OTHER = 'small-tools-sharp-edges';
const CAP = 4; // the documented default of VIEWS_PER_ADDRESS
const WHEN = new Date('2026-03-10T12:00:00Z');

/** A different, real-looking desktop Chrome for every n: what a script rotating user agents sends. */
const browser = (n: number) =>
  `Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${100 + (n % 40)}.0.${n}.${n % 97} Safari/537.36`;

function view(slug: string, opts: { ip: string; ua: string; referer?: string; at?: Date }) {
  const headers: Record<string, string> = { 'user-agent': opts.ua, 'x-forwarded-for': opts.ip };
  if (opts.referer) headers.referer = opts.referer;
  countView(new Request(`http://localhost:3000/${slug}`, { headers }), `/${slug}`, opts.at ?? WHEN);
}

// Hundreds of views a test: on a loaded machine (the whole suite in parallel) that is more than 5 s.
vi.setConfig({ testTimeout: 30_000 });

beforeAll(() => {
  // As the site runs for readers: the content is read once (in development every lookup rereads it).
  vi.stubEnv('NODE_ENV', 'production');
  for (const name of ['VIEWS_PER_ADDRESS', 'VIEWS_COUNT_HEADLESS', 'TRUST_PROXY']) delete process.env[name];
  Object.assign(process.env, { APP_SECRET: 'test-secret-test-secret-test-secret-42', VIEWS: 'on', SITE_URL: 'http://localhost:3000' });
  resetEnvForTest();
});
afterAll(() => {
  vi.unstubAllEnvs();
  resetEnvForTest();
});

describe.each(testDatabases)('counts strangers can move, on $kind', ({ kind }) => {
  const { database, count } = useViewCounting(kind);
  const referrers = async (at = new Date('2026-03-11T00:00:00Z')) => (await getReadingStats(at)).referrers;

  it('uses a small per-address cap by default', () => {
    expect(getEnv().VIEWS_PER_ADDRESS).toBe(CAP);
    expect(REFERRER_MIN_READERS).toBe(3);
  });

  it('300 requests from one address with 300 user agents add at most the cap, and keep the issue out of Popular', async () => {
    for (let i = 0; i < 300; i++) view(SLUG, { ip: '203.0.113.66', ua: browser(i) });
    view(OTHER, { ip: '198.51.100.1', ua: browser(0) });
    view(OTHER, { ip: '198.51.100.2', ua: browser(0) });
    view(OTHER, { ip: '198.51.100.3', ua: browser(0) });
    view(OTHER, { ip: '198.51.100.4', ua: browser(0) });
    view(OTHER, { ip: '198.51.100.5', ua: browser(0) });
    await flushViews();
    expect(await count(SLUG)).toBe(CAP);
    expect(await database().db.pageView.count({ where: { slug: SLUG } })).toBe(CAP);
    // Five real readers of another issue outrank the one address's three hundred requests.
    expect((await getPopularSlugs(2, WHEN)).map((p) => p.slug)).toEqual([OTHER, SLUG]);
    // The same address may still read another issue, and comes back tomorrow.
    view(OTHER, { ip: '203.0.113.66', ua: browser(1) });
    for (let i = 0; i < 10; i++) view(SLUG, { ip: '203.0.113.66', ua: browser(i), at: new Date('2026-03-11T08:00:00Z') });
    await flushViews();
    expect(await count(OTHER)).toBe(6);
    expect(await count(SLUG)).toBe(2 * CAP);
  });

  it('distinct addresses still count each, and a household behind one address counts up to the cap', async () => {
    for (let i = 0; i < 300; i++) view(SLUG, { ip: `10.1.${i >> 8}.${i & 255}`, ua: browser(7) });
    for (let i = 0; i < 3; i++) view(OTHER, { ip: '192.0.2.10', ua: browser(i) }); // three people, one NAT
    await flushViews();
    expect(await count(SLUG)).toBe(300);
    expect(await count(OTHER)).toBe(3);
  });

  it('IPv6 counts by /64: rotating addresses inside one network is one address, other networks count each', async () => {
    for (let i = 0; i < 50; i++) view(SLUG, { ip: `2001:db8:0:7:${i.toString(16)}::1`, ua: browser(i) });
    view(SLUG, { ip: '::ffff:203.0.113.9', ua: browser(1) }); // IPv4-mapped is that IPv4 address…
    view(SLUG, { ip: '203.0.113.9', ua: browser(1) }); // …so this is a repeat
    for (let i = 0; i < 20; i++) view(OTHER, { ip: `2001:db8:${i.toString(16)}::1`, ua: browser(3) });
    await flushViews();
    expect(await count(SLUG)).toBe(CAP + 1);
    expect(await count(OTHER)).toBe(20);
  });

  it('the cap holds exactly when one address hits two app instances at once', async () => {
    const options = { retentionDays: 90, perAddress: getEnv().VIEWS_PER_ADDRESS, lingerMs: 1 };
    const instances = [createViewCounter(options), createViewCounter(options)];
    for (let i = 0; i < 200; i++) {
      for (const counter of instances) counter.add({ slug: SLUG, ip: '203.0.113.77', userAgent: browser(i), referrer: null, at: WHEN });
      for (const counter of instances) counter.add({ slug: OTHER, ip: `10.2.0.${i}`, userAgent: browser(i), referrer: null, at: WHEN });
    }
    await Promise.all(instances.map((c) => c.flush()));
    expect(await count(SLUG)).toBe(CAP);
    expect(await count(OTHER)).toBe(200);
  });

  it('50 fake referrers from one address never appear in /admin/stats, nor one fake referrer sent 50 times', async () => {
    for (let i = 0; i < 50; i++) view(i % 2 ? SLUG : OTHER, { ip: '203.0.113.50', ua: browser(i), referer: `https://spam-referrer-${i}.example/` });
    for (let i = 0; i < 50; i++) view(SLUG, { ip: '203.0.113.51', ua: browser(100 + i), referer: 'https://spam-referrer.example/' });
    await flushViews();
    expect(await referrers()).toEqual([]);
    // The capped views that were counted keep their referrer in the detailed rows; the listing hides them.
    expect(await database().db.pageView.count({ where: { referrer: { not: null } } })).toBe(2 * CAP + CAP);
  });

  it('a referrer that brings enough distinct readers is listed, and stays listed after the day’s hashes are deleted', async () => {
    const hn = 'https://news.ycombinator.com/item?id=1';
    view(SLUG, { ip: '192.0.2.1', ua: browser(1), referer: hn });
    view(OTHER, { ip: '192.0.2.1', ua: browser(1), referer: hn }); // the same address again: not a new reader of HN
    view(SLUG, { ip: '192.0.2.2', ua: browser(2), referer: hn });
    view(SLUG, { ip: '192.0.2.20', ua: browser(2), referer: 'https://two-readers.example/' });
    view(SLUG, { ip: '192.0.2.21', ua: browser(2), referer: 'https://two-readers.example/' });
    await flushViews();
    expect(await referrers()).toEqual([]); // two addresses each: not yet

    view(SLUG, { ip: '192.0.2.3', ua: browser(3), referer: 'https://news.ycombinator.com/news' });
    await flushViews();
    expect(await referrers()).toEqual([{ domain: 'news.ycombinator.com', views: 4 }]);

    // Next day: the salt and hashes of the 10th are gone; the listing (and its count) stays.
    view(OTHER, { ip: '192.0.2.9', ua: browser(9), at: new Date('2026-03-11T09:00:00Z') });
    await flushViews();
    expect(await database().db.viewVisitor.count({ where: { day: '2026-03-10' } })).toBe(0);
    expect(await database().db.viewAddress.count({ where: { day: '2026-03-10' } })).toBe(0);
    expect(await referrers(new Date('2026-03-12T00:00:00Z'))).toEqual([{ domain: 'news.ycombinator.com', views: 4 }]);
    // Thirty days later the day has left the window.
    expect(await referrers(new Date('2026-04-09T00:00:00Z'))).toEqual([]);
  });

  it('stores no address, no user agent and no referrer-reader pair in anything that outlives the day', async () => {
    view(SLUG, { ip: '192.0.2.1', ua: browser(1), referer: 'https://news.ycombinator.com/' });
    await flushViews();
    const db = database().db;
    const everything = JSON.stringify([await db.viewVisitor.findMany(), await db.viewAddress.findMany(), await db.referrerReaders.findMany(), await db.pageView.findMany()]);
    expect(everything).not.toContain('192.0.2.1');
    expect(everything).not.toContain('Chrome/101');
    expect(await db.referrerReaders.findMany()).toEqual([{ domain: 'news.ycombinator.com', day: '2026-03-10', readers: 1 }]);
  });
});
