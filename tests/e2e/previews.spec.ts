import AxeBuilder from '@axe-core/playwright';
import { expect, test, type APIResponse } from '@playwright/test';
import { signInAsAuthor, withoutNonce } from './support/author';
import { asOwnReader } from './support/reader';

// The previews' own fixture issues (tests/fixtures/previews, served by the e2e server beside the
// sample newsletter): a draft and an issue scheduled for 2099.
const DRAFT = { slug: 'fixture-draft-lanterns', title: 'Lanterns for the night shift', tag: 'fixture-lanterns' };
const SCHEDULED = { slug: 'fixture-scheduled-harbour', title: 'The harbour clock strikes thirteen', tag: 'fixture-harbour' };
// Each test signs in from an address of its own: sign-in's rate limit stays at its default.
test.use(asOwnReader);

async function unknownAddress404(request: { get: (url: string) => Promise<APIResponse> }): Promise<string> {
  const res = await request.get('/no-such-issue-here');
  expect(res.status()).toBe(404);
  return withoutNonce(res);
}

test.describe('a reader who is not signed in', () => {
  for (const issue of [DRAFT, SCHEDULED]) {
    test(`gets the 404 page of any unknown address at ${issue.slug} and at its preview route`, async ({ request }) => {
      const unknown = await unknownAddress404(request);
      for (const path of [`/${issue.slug}`, `/preview/${issue.slug}`, `/${issue.slug}?preview=`, `/og/${issue.slug}`]) {
        const res = await request.get(path);
        expect(res.status(), path).toBe(404);
        expect(res.headers()['cache-control'], path).toBe('private, no-store');
        expect(await withoutNonce(res), path).toBe(unknown);
      }
      expect((await request.get(`/tags/${issue.tag}`)).status()).toBe(404);
    });
  }

  test('finds neither issue on the home page, the archive, the feeds or the sitemap', async ({ page, request }) => {
    for (const path of ['/', '/archive']) {
      await page.goto(path);
      for (const issue of [DRAFT, SCHEDULED]) await expect(page.getByRole('link', { name: issue.title })).toHaveCount(0);
    }
    for (const path of ['/feed.xml', '/atom.xml', '/sitemap.xml']) {
      const xml = await (await request.get(path)).text();
      expect(xml.length).toBeGreaterThan(200);
      for (const issue of [DRAFT, SCHEDULED]) {
        expect(xml, path).not.toContain(issue.slug);
        expect(xml, path).not.toContain(issue.title);
      }
    }
  });
});

test.describe('the author, signed in', () => {
  test.beforeEach(async ({ page }) => signInAsAuthor(page));

  test('sees the draft at its own address with a Draft banner, noindex and no comments', async ({ page }) => {
    const response = await page.goto(`/${DRAFT.slug}`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['x-robots-tag']).toBe('noindex');
    expect(response?.headers()['cache-control']).toBe('private, no-store');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(DRAFT.title);
    await expect(page.getByRole('note', { name: 'Draft' })).toContainText('not published');
    await expect(page.locator('meta[name="robots"]')).toHaveAttribute('content', 'noindex');
    await expect(page.getByRole('heading', { name: 'Comments' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Post comment' })).toHaveCount(0);
  });

  test('sees the scheduled issue before its time, with when it goes live', async ({ page }) => {
    const response = await page.goto(`/${SCHEDULED.slug}`);
    expect(response?.headers()['x-robots-tag']).toBe('noindex');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(SCHEDULED.title);
    await expect(page.getByRole('note', { name: 'Scheduled' })).toContainText('goes live 2099-06-01 08:00 UTC');
  });

  for (const path of [`/${DRAFT.slug}`, '/admin/publishing']) {
    test(`${path} has no WCAG A/AA violations`, async ({ page }) => {
      await page.goto(path);
      const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
      expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([]);
    });
  }

  test('copies a preview link on the publishing page; a reviewer opens it signed out', async ({ page, browser, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto('/admin');
    await page.getByRole('navigation', { name: 'Author pages' }).getByRole('link', { name: 'Publishing' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Publishing' })).toBeVisible();
    const drafts = page.getByRole('region', { name: 'Drafts' });
    await drafts.getByRole('button', { name: `Copy preview link for ${DRAFT.title}` }).click();
    await expect(drafts.getByRole('button', { name: `Copy preview link for ${DRAFT.title}` })).toHaveText('Copied');
    const link = await page.evaluate(() => navigator.clipboard.readText());
    expect(link).toBe(await drafts.getByRole('textbox', { name: `Preview link for ${DRAFT.title}`, exact: true }).inputValue());
    expect(new URL(link).pathname).toBe(`/${DRAFT.slug}`);

    const reviewer = await browser.newContext();
    const view = await reviewer.newPage();
    const response = await view.goto(link);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['x-robots-tag']).toBe('noindex');
    await expect(view.getByRole('note', { name: 'Draft' })).toBeVisible();
    await expect(view.locator('meta[name="robots"]')).toHaveAttribute('content', 'noindex');
    // The same address without the link's token is the 404 page again.
    expect((await view.goto(`/${DRAFT.slug}`))?.status()).toBe(404);
    await reviewer.close();
  });

  test('the publishing page shows the live version, the scheduled issue and Publish now', async ({ page }) => {
    await page.goto('/admin/publishing');
    const live = page.getByRole('region', { name: 'Live version' });
    await expect(live.getByText(/^local-[0-9a-f]+$/)).toBeVisible();
    await expect(live).toContainText('when the server started');
    const scheduled = page.getByRole('region', { name: 'Scheduled issues' });
    await expect(scheduled.getByRole('row', { name: new RegExp(SCHEDULED.title) })).toContainText('2099-06-01 08:00 UTC');
    await expect(page.getByRole('region', { name: 'Newsletters waiting out their hold' })).toContainText('No newsletter is waiting');
    await page.getByRole('button', { name: 'Publish now' }).click();
    await expect(page.getByRole('status')).toContainText('is already live: nothing to publish.');
  });
});
