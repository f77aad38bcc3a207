import { expect, test, type Page } from '@playwright/test';
import { publishedIssues } from './support/content';

const { published, drafts } = publishedIssues();

/** Parses XML the way a feed reader would; fails on any well-formedness error. */
async function parseXml(page: Page, xml: string, selector: string, attr?: string): Promise<string[]> {
  return page.evaluate(
    ({ xml, selector, attr }) => {
      const doc = new DOMParser().parseFromString(xml, 'application/xml');
      const error = doc.querySelector('parsererror');
      if (error) throw new Error(`not well-formed XML: ${error.textContent}`);
      return [...doc.querySelectorAll(selector)].map((n) => (attr ? n.getAttribute(attr) ?? '' : n.textContent ?? ''));
    },
    { xml, selector, attr },
  );
}

test.beforeEach(async ({ page }) => {
  await page.goto('/robots.txt');
});

test('the RSS feed is valid XML listing every published issue with its full text', async ({ page, baseURL }) => {
  const res = await page.request.get('/feed.xml');
  expect(res.headers()['content-type']).toContain('application/rss+xml');
  const xml = await res.text();
  const links = await parseXml(page, xml, 'item > link');
  expect(links).toEqual(published.map((i) => `${baseURL}/${i.slug}`));
  const bodies = await parseXml(page, xml, 'item > encoded');
  expect(bodies.every((b) => b.length > 1000 && !/(src|href)="\/[^/]/.test(b))).toBe(true);
  for (const d of drafts) expect(xml).not.toContain(`/${d.slug}<`);
});

test('the Atom feed is valid XML listing every published issue', async ({ page, baseURL }) => {
  const xml = await (await page.request.get('/atom.xml')).text();
  const links = await parseXml(page, xml, 'entry > link[rel="alternate"]', 'href');
  expect(links).toEqual(published.map((i) => `${baseURL}/${i.slug}`));
  const titles = await parseXml(page, xml, 'entry > title');
  expect(titles).toEqual(published.map((i) => i.title));
});

test('the sitemap lists every published page and robots.txt points at it', async ({ page, baseURL }) => {
  const xml = await (await page.request.get('/sitemap.xml')).text();
  const locs = await parseXml(page, xml, 'url > loc');
  for (const issue of published) expect(locs).toContain(`${baseURL}/${issue.slug}`);
  for (const draft of drafts) expect(locs).not.toContain(`${baseURL}/${draft.slug}`);
  expect(locs).toContain(`${baseURL}/archive`);
  const robots = await (await page.request.get('/robots.txt')).text();
  expect(robots).toContain(`Sitemap: ${baseURL}/sitemap.xml`);
});

test('each issue has social meta, a canonical URL and its own OpenGraph image', async ({ page, baseURL }) => {
  const issue = published[0]!;
  await page.goto(`/${issue.slug}`);
  await expect(page.locator('link[rel="canonical"]')).toHaveAttribute('href', `${baseURL}/${issue.slug}`);
  await expect(page.locator('meta[property="og:title"]')).toHaveAttribute('content', issue.title);
  const image = await page.locator('meta[property="og:image"]').getAttribute('content');
  expect(image).toBe(`${baseURL}/og/${issue.slug}`);
  const png = await page.request.get(image!);
  expect(png.status()).toBe(200);
  expect(png.headers()['content-type']).toBe('image/png');
  expect((await png.body()).subarray(1, 4).toString()).toBe('PNG');
});
