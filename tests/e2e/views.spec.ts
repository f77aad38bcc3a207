import { expect, test, type Browser, type Page } from '@playwright/test';
import { fixtureIssue } from './support/content';

// View counts: a reader's visit is counted once a day, and the prerendered page shows it after
// its next refresh (at most a minute). The author's live statistics page tells the exact figure.
// The fixture issue this spec alone visits: its count moves only with this spec's readers.
const SLUG = 'counting-the-gulls';
const TITLE = fixtureIssue(SLUG).title;

const BROWSER_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36';

async function newReader(browser: Browser, name: string): Promise<Page> {
  // Each reader is a browser of its own: a distinct user agent is a distinct reader here (one address).
  const context = await browser.newContext({ userAgent: `${BROWSER_UA} ${name}` });
  return context.newPage();
}

async function signedInAuthor(browser: Browser): Promise<Page> {
  const author = await (await browser.newContext()).newPage();
  await author.goto('/admin');
  await author.getByLabel('Password').fill('correct horse battery staple');
  await author.getByRole('button', { name: 'Sign in' }).click();
  await author.getByRole('link', { name: 'Reading statistics' }).click();
  await expect(author.getByRole('heading', { level: 1, name: 'Reading statistics' })).toBeVisible();
  return author;
}

/** Every issue's views of the last 30 days by title, from the author's statistics page. */
async function authorSeesLast30Days(author: Page): Promise<Map<string, number>> {
  await author.goto('/admin/stats');
  const rows = author.locator('tbody tr:has(th a[href^="#issue-"])');
  const titles = await rows.locator('th').allTextContents();
  const counts = await rows.locator('td:nth-of-type(2)').allTextContents();
  return new Map(titles.map((t, i) => [t.trim(), Number(counts[i]!.replace(/,/g, ''))]));
}

async function authorSeesViews(author: Page): Promise<number> {
  await author.goto('/admin/stats');
  const row = author.getByRole('row', { name: new RegExp(TITLE) });
  return Number((await row.getByRole('cell').first().textContent())!.replace(/,/g, ''));
}

const shownViews = async (page: Page) => {
  const text = (await page.locator('article.issue header .meta').textContent()) ?? '';
  return Number(/([\d,]+) views?/.exec(text)?.[1]?.replace(/,/g, '') ?? 0);
};

test('a reader’s visit shows up in the count after the page refreshes; their reload does not count again', async ({ browser }) => {
  test.setTimeout(150_000);
  const author = await signedInAuthor(browser);
  const before = await authorSeesViews(author);

  const reader = await newReader(browser, `reader-${Date.now()}`);
  await reader.goto(`/${SLUG}`);
  await expect(reader.getByRole('heading', { level: 1, name: TITLE })).toBeVisible();
  // Counted at once in the database: the author's live figure moves by exactly one.
  await expect.poll(() => authorSeesViews(author)).toBe(before + 1);

  // The page itself is prerendered; within a minute it is refreshed and shows the new count.
  await expect
    .poll(async () => (await reader.reload(), shownViews(reader)), { timeout: 120_000, intervals: [5_000] })
    .toBe(before + 1);
  await expect(reader.locator('article.issue header .meta')).toContainText(`${(before + 1).toLocaleString('en')} view`);

  // Reloading the same day changes nothing, and neither do the author's own visits.
  await reader.reload();
  await author.goto(`/${SLUG}`);
  expect(await authorSeesViews(author)).toBe(before + 1);
  expect(await shownViews(reader)).toBe(before + 1);
});

test('the home page lists popular issues with their counts, readable without JavaScript', async ({ browser, request }) => {
  test.setTimeout(150_000);
  // Other specs' readers count too: this spec's issue is made the month's most read by readers of
  // its own (each from an address of its own), whatever the others have, so it heads the list.
  const author = await signedInAuthor(browser);
  const last30 = await authorSeesLast30Days(author);
  const most = Math.max(...last30.values());
  const own = last30.get(TITLE) ?? 0;
  for (let i = 0; i <= most - own; i++) {
    const res = await request.get(`/${SLUG}`, { headers: { 'user-agent': `${BROWSER_UA} popular-${i}`, 'x-forwarded-for': `198.51.100.${i + 1}` } });
    expect(res.status()).toBe(200);
  }
  await expect.poll(async () => (await authorSeesLast30Days(author)).get(TITLE)).toBe(most + 1);

  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const popular = page.getByRole('region', { name: 'Popular issues' });
  // Prerendered: within a minute it is refreshed and shows the new order.
  await expect
    .poll(async () => (await page.goto('/'), popular.getByRole('link').first().textContent({ timeout: 1_000 }).catch(() => null)), { timeout: 120_000, intervals: [5_000] })
    .toBe(TITLE);
  await expect(popular.getByRole('listitem').first()).toContainText(`${(most + 1).toLocaleString('en')} views in the last 30 days`);
  await expect(page.getByRole('list').filter({ has: page.getByRole('link', { name: TITLE, exact: true }) }).last()).toContainText(/\d[\d,]* views?/);
});

test('the statistics page is the author’s alone', async ({ page }) => {
  await page.goto('/admin/stats');
  await expect(page.getByRole('heading', { name: 'Reading statistics' })).toHaveCount(0);
  await expect(page.getByLabel('Password')).toBeVisible();
});
