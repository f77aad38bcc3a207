import { expect, type APIResponse, type Page } from '@playwright/test';

/** Signs the author in with the e2e server's password, as the author would. */
export async function signInAsAuthor(page: Page): Promise<void> {
  await page.goto('/admin');
  await page.getByLabel('Password').fill('correct horse battery staple');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Comments' })).toBeVisible();
}

/** A page's body without what differs on every request (the CSP nonce its policy header names), to compare two of them. */
export async function withoutNonce(res: APIResponse): Promise<string> {
  const nonce = /'nonce-([^']+)'/.exec(res.headers()['content-security-policy'] ?? '')?.[1];
  const body = await res.text();
  return nonce ? body.replaceAll(nonce, '') : body;
}
