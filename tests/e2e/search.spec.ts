import { expect, test } from '@playwright/test';
import { publishedIssues } from './support/content';

// Search as a reader without JavaScript uses it: the header's box, a GET, a results page.
test.use({ javaScriptEnabled: false });

const { published } = publishedIssues();

test('the header search box finds an issue by a word of its title, and never a draft or a scheduled issue', async ({ page }) => {
  const issue = published[0]!;
  const word = issue.title.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 4).sort((a, b) => b.length - a.length)[0]!;
  await page.goto('/archive');
  const box = page.getByRole('search', { name: 'Search the site' });
  await box.getByRole('searchbox', { name: 'Search the site' }).fill(word);
  await box.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(new RegExp(`/search\\?q=${encodeURIComponent(word)}`));
  await expect(page.getByRole('heading', { level: 1, name: 'Search' })).toBeVisible();
  const issues = page.getByRole('region', { name: 'Issues' });
  await expect(issues.getByRole('link', { name: issue.title })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Issues' }).locator('mark').first()).toBeVisible();

  // The previews' fixture draft and scheduled issue are in the served content, hidden from readers.
  for (const hidden of ['Lanterns', 'harbour']) {
    await page.getByRole('searchbox', { name: 'Search issues and comments' }).fill(hidden);
    await page.getByRole('main').getByRole('button', { name: 'Search' }).click();
    await expect(page.getByRole('status')).toContainText('No results');
  }
});
