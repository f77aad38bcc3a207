import { expect, test } from '@playwright/test';
import { publishedIssues } from './support/content';

// Search as a reader without JavaScript uses it: the header's box, a GET, a results page.
test.use({ javaScriptEnabled: false });

const { published, drafts, scheduled } = publishedIssues();

/**
 * A word of a hidden issue's title that no published issue contains (not even its stem, the first
 * five letters): a result for it could only come from the hidden issue.
 */
function ownWord(title: string): string {
  const seen = published.map((i) => `${i.title} ${i.summary} ${i.markdown}`.toLowerCase()).join(' ');
  const word = title.split(/[^\p{L}\p{N}]+/u).find((w) => w.length >= 5 && !seen.includes(w.toLowerCase().slice(0, 5)));
  if (!word) throw new Error(`no word of "${title}" is unique to it: give the fixture a title of its own`);
  return word;
}

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
  expect(drafts.length + scheduled.length).toBeGreaterThanOrEqual(2);
  for (const hidden of [...drafts, ...scheduled].map((i) => ownWord(i.title))) {
    await page.getByRole('searchbox', { name: 'Search issues and comments' }).fill(hidden);
    await page.getByRole('main').getByRole('button', { name: 'Search' }).click();
    await expect(page.getByRole('status')).toContainText('No results');
  }
});
