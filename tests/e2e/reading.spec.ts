import { expect, test } from '@playwright/test';
import { collectErrors } from './support/console';
import { fixtureIssue, publishedIssues } from './support/content';

const { published, drafts } = publishedIssues();
// The fixture's long issue, which no other spec visits: its meta line has no views but this spec's.
const long = fixtureIssue('a-year-at-the-lighthouse');

test('a reader opens the home page, follows an issue and reads it', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto('/');
  await expect(page).toHaveTitle(/Notes from the CTO/);

  // Every published issue is listed, newest first, with its summary.
  const titles = page.getByRole('main').getByRole('heading', { level: 3 });
  await expect(titles).toHaveText(published.map((i) => i.title));
  await expect(page.getByText(long.summary)).toBeVisible();

  await page.getByRole('link', { name: long.title, exact: true }).first().click();
  await expect(page).toHaveURL(new RegExp(`/${long.slug}$`));
  await expect(page.getByRole('heading', { level: 1, name: long.title })).toBeVisible();

  // The meta line: human dates in <time datetime>, reading time, update date. This is the issue's
  // first visit (no other spec opens it), so no view count yet.
  const meta = page.locator('article header .meta');
  await expect(meta).toHaveText('4 March 2025 · 8 min read · Updated 15 April 2025');
  await expect(meta.locator('time').first()).toHaveAttribute('datetime', '2025-03-04');
  await expect(page.getByRole('link', { name: 'Watch the video version' })).toBeVisible();

  // A table of contents for the long piece whose links land on the sections.
  const toc = page.getByRole('navigation', { name: 'Contents' });
  await expect(toc).toBeVisible();
  const firstSection = toc.getByRole('link').first();
  const target = await firstSection.getAttribute('href');
  await firstSection.click();
  await expect(page).toHaveURL(new RegExp(`${target}$`));

  // A callout with a decorative icon, and a figure with its caption (links kept).
  const callout = page.locator('aside.callout').first();
  await expect(callout).toBeVisible();
  await expect(callout.locator('.callout-icon')).toHaveAttribute('aria-hidden', 'true');
  const captioned = page.locator('figure:has(figcaption a)').first();
  await expect(captioned.getByRole('img')).toHaveAttribute('alt', /.+/);
  await expect(captioned.locator('figcaption').getByRole('link')).toBeVisible();
  await expect(captioned.getByRole('img')).toHaveAttribute('width', /^\d+$/);

  // Other issues and tags lead on.
  await expect(page.getByRole('navigation', { name: 'Other newsletter issues' })).toBeVisible();
  expect(errors).toEqual([]);
});

test('reading needs no JavaScript: the only scripts are the small comment and popup islands', async ({ page, browser }) => {
  const scripts: string[] = [];
  page.on('request', (r) => {
    if (r.resourceType() === 'script') scripts.push(new URL(r.url()).pathname);
  });
  await page.goto(`/${long.slug}`);
  expect(scripts.sort()).toEqual(['/js/comments.js', '/js/popup.js']);
  for (const src of scripts) expect((await (await page.request.get(src)).body()).length).toBeLessThan(12_000);
  // Modules are deferred: they never block reading.
  for (const script of await page.locator('script[src]').all()) expect(await script.getAttribute('type')).toBe('module');
  const jsonLd = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent()) ?? '{}');
  expect(jsonLd).toMatchObject({ '@type': 'Article', headline: long.title, datePublished: long.date });

  // With scripts off, the whole article is there.
  const context = await browser.newContext({ javaScriptEnabled: false });
  const noJs = await context.newPage();
  await noJs.goto(`/${long.slug}`);
  await expect(noJs.getByRole('heading', { level: 1, name: long.title })).toBeVisible();
  await expect(noJs.locator('.prose figure').first()).toBeVisible();
  await expect(noJs.locator('.prose p').last()).toBeVisible();
  await context.close();
});

test('tags and the archive list issues; drafts are nowhere', async ({ page }) => {
  await page.goto('/archive');
  await expect(page.getByRole('heading', { level: 1, name: 'Archive' })).toBeVisible();
  for (const issue of published) await expect(page.getByRole('link', { name: issue.title, exact: true })).toBeVisible();
  for (const draft of drafts) {
    await expect(page.getByRole('link', { name: draft.title })).toHaveCount(0);
    expect((await page.request.get(`/${draft.slug}`)).status()).toBe(404);
  }
  const tag = long.tags[0]!;
  await page.getByRole('navigation', { name: 'Tags' }).getByRole('link', { name: new RegExp(`^#${tag} `) }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Issues tagged #${tag}`);
  await expect(page.getByRole('link', { name: long.title, exact: true })).toBeVisible();
});

test('a missing page says so and offers a way on', async ({ page }) => {
  const response = await page.goto('/this-issue-does-not-exist');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('This page does not exist');
  await page.getByRole('link', { name: 'archive' }).first().click();
  await expect(page).toHaveURL(/\/archive$/);
});

test('keyboard: the skip link is the first stop and jumps to the content', async ({ page }) => {
  await page.goto(`/${long.slug}`);
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('main')).toBeFocused();
});
