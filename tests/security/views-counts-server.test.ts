// Point 24 of issue 10 through a real server (scripts/server.mjs, what `npm start` runs), with the
// defaults a reader gets: VIEWS_COUNT_HEADLESS, VIEWS_PER_ADDRESS and TRUST_PROXY unset, so the
// address counted is the socket's peer and no header can choose it. Other loopback addresses
// (127.0.0.N, all of them this machine) stand for other readers.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type Server } from '../../bench/server';
import { buildIfNeeded } from '../scale/global-setup';
import { ownStoreDir } from '../support/fixture-site';
import { AUTHOR_PASSWORD, authorCookie } from '../scale/support';

const TITLE = 'Small tools, sharp edges';
const OTHER_TITLE = 'Keeping a lab notebook';
const browserUa = (n: number) =>
  `Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.${n % 7}.${n} Safari/605.1.15`;

let server: Server;
let author: string;

/** One GET of an issue page from `from` (a loopback address), answered and drained. */
function read(slug: string, from: string, headers: Record<string, string>): Promise<number> {
  const url = new URL(server.url);
  return new Promise((resolve, reject) => {
    http
      .get({ host: url.hostname, port: url.port, path: `/${slug}`, localAddress: from, headers, agent: false }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      })
      .on('error', reject);
  });
}

const statsPage = async () => (await fetch(`${server.url}/admin/stats`, { headers: { cookie: author } })).text();

/** The all-time figure /admin/stats shows for an issue. */
async function allTime(title: string): Promise<number> {
  const row = new RegExp(`${title}</a></th><td class="num">([\\d,]+)`).exec(await statsPage());
  return Number(row?.[1]?.replace(/,/g, '') ?? NaN);
}

/** The "Where readers came from" table of /admin/stats, as text. */
async function referrerSection(): Promise<string> {
  const page = await statsPage();
  return page.slice(page.indexOf('id="referrers-title"'), page.indexOf('</section>', page.indexOf('id="referrers-title"')));
}

describe('counts strangers can move, through the server', () => {
  beforeAll(async () => {
    buildIfNeeded();
    server = await startServer(`views-security-${process.pid}`, { AUTHOR_PASSWORD, VIEWS_COUNT_HEADLESS: '', VIEWS_PER_ADDRESS: '', TRUST_PROXY: '', CONTENT_CLONE_DIR: ownStoreDir() });
    author = await authorCookie(server.url);
  }, 600_000);
  afterAll(async () => server?.kill('SIGTERM'));

  it('300 requests from one address with 300 browser user agents add at most 4 views; other addresses count each', async () => {
    for (let i = 0; i < 300; i++) expect(await read('small-tools-sharp-edges', '127.0.0.1', { 'user-agent': browserUa(i) })).toBe(200);
    for (let i = 2; i < 12; i++) expect(await read('keeping-a-lab-notebook', `127.0.0.${i}`, { 'user-agent': browserUa(0) })).toBe(200);
    await expect.poll(() => allTime(OTHER_TITLE), { timeout: 10_000 }).toBe(10);
    expect(await allTime(TITLE)).toBe(4);
  }, 120_000);

  it('50 fake referrers from one address never reach /admin/stats; a site that brings three readers does', async () => {
    // Another issue than the test above reads, so neither depends on the other's visits.
    const issue = 'the-quiet-migration';
    for (let i = 0; i < 50; i++) await read(issue, '127.0.0.40', { 'user-agent': browserUa(1000 + i), referer: `https://spam-referrer-${i}.example/` });
    for (let i = 0; i < 50; i++) await read(issue, '127.0.0.41', { 'user-agent': browserUa(2000 + i), referer: 'https://spam-referrer.example/offer' });
    for (const from of ['127.0.0.50', '127.0.0.51', '127.0.0.52']) {
      await read(issue, from, { 'user-agent': browserUa(7), referer: 'https://news.ycombinator.com/item?id=4242' });
    }
    await expect.poll(referrerSection, { timeout: 10_000 }).toContain('<tr><td>news.ycombinator.com</td><td class="num">3</td></tr>');
    expect(await referrerSection()).not.toContain('spam-referrer');
  }, 120_000);
});
