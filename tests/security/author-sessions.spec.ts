import { expect, test, type BrowserContext, type Page } from '@playwright/test';

// Issue 10 point 11: a cookie copied before signing out must not open the admin pages afterwards.

async function signIn(page: Page): Promise<void> {
  await page.goto('/admin');
  await page.getByLabel('Password').fill('correct horse battery staple');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Comments' })).toBeVisible();
}

async function authorCookie(context: BrowserContext) {
  const cookie = (await context.cookies()).find((c) => c.name === 'masthead_author');
  expect(cookie).toBeDefined();
  return cookie!;
}

/** Whether a fresh browser holding only `cookie` gets the moderation queue. */
async function cookieOpensAdmin(context: BrowserContext, cookie: Awaited<ReturnType<typeof authorCookie>>): Promise<boolean> {
  await context.clearCookies();
  await context.addCookies([cookie]);
  const page = await context.newPage();
  await page.goto('/admin/comments');
  const opened = await page.getByRole('heading', { level: 1, name: 'Comments' }).isVisible();
  await page.close();
  return opened;
}

test('a cookie copied before signing out no longer opens /admin/comments', async ({ page, browser }) => {
  await signIn(page);
  const copied = await authorCookie(page.context());

  const thief = await browser.newContext();
  expect(await cookieOpensAdmin(thief, copied)).toBe(true);

  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page).toHaveURL(/\/admin$/);
  await expect(page.getByLabel('Password')).toBeVisible();

  expect(await cookieOpensAdmin(thief, copied)).toBe(false);
  await thief.close();
});

test('"Sign out everywhere" ends the session in every other browser too', async ({ page, browser }) => {
  await signIn(page);
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await signIn(otherPage);
  const otherCookie = await authorCookie(other);

  await page.getByRole('button', { name: 'Sign out everywhere' }).click();
  await expect(page.getByLabel('Password')).toBeVisible();
  await otherPage.goto('/admin/comments');
  await expect(otherPage).toHaveURL(/\/admin$/);
  expect(await cookieOpensAdmin(other, otherCookie)).toBe(false);
  await other.close();
});
