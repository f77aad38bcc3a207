import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { publishedIssues } from './support/content';

const { published } = publishedIssues();
const pages = ['/', '/archive', `/${published[0]!.slug}`, `/${published[0]!.slug}/comments`, `/tags/${published[0]!.tags[0]}`, '/missing-page', '/admin', '/subscribe/check-inbox', '/unsubscribe?token=bad'];

for (const colorScheme of ['light', 'dark'] as const) {
  for (const path of pages) {
    test(`${path} has no WCAG A/AA violations (${colorScheme})`, async ({ page }) => {
      await page.emulateMedia({ colorScheme });
      await page.goto(path);
      const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
      expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([]);
    });
  }
}
