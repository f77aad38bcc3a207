import AxeBuilder from '@axe-core/playwright';
import Database from 'better-sqlite3';
import { expect, test } from '@playwright/test';

// Issue 11: /admin/newsletter lists the sends waiting out their hold, and the author can cancel one.
// The held send is this test's own row in the server's database (as the publishing of an issue
// with `newsletter: true` would make it), for an issue the sample content does not have.

const SUBJECT = 'A held issue for the browser test';

test.beforeAll(() => {
  const db = new Database('var/e2e.db');
  const iso = (d: Date) => d.toISOString().replace('Z', '+00:00'); // how Prisma's SQLite adapter writes a DateTime
  const now = new Date();
  db.prepare('INSERT INTO "HeldSend" ("slug", "subject", "nonce", "heldAt", "releaseAt") VALUES (?, ?, ?, ?, ?)')
    .run('e2e-held-issue', SUBJECT, 'e2e-nonce', iso(now), iso(new Date(now.getTime() + 10 * 60_000)));
  db.close();
});

test('the author sees a held send with its time left and cancels it', async ({ page }) => {
  await page.goto('/admin');
  await page.getByLabel('Password').fill('correct horse battery staple');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.goto('/admin/newsletter');

  const held = page.getByRole('region', { name: 'Waiting to be sent' });
  const row = held.getByRole('row', { name: new RegExp(SUBJECT) });
  await expect(row).toContainText(/(10|9) min/);
  const axe = await new AxeBuilder({ page }).include('section[aria-labelledby="held-title"]').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);
  await row.getByRole('button', { name: `Cancel the send of ${SUBJECT}` }).click();

  await expect(page.getByRole('status')).toHaveText(`Cancelled: “${SUBJECT}” will not be emailed.`);
  await expect(page.getByRole('region', { name: 'Waiting to be sent' })).toHaveCount(0);
});
