import { expect, test } from '@playwright/test';
import { latestMailTo } from './support/mailbox';
import { asOwnReader } from './support/reader';

const SLUG = 'letters-from-the-ferry'; // the fixture issue this spec subscribes from

test.use(asOwnReader); // the default subscribe limit stays on; each test has an allowance of its own

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('a reader subscribes from the article, confirms by email, and can unsubscribe in one click', async ({ page, request }) => {
    const email = `reader-${Date.now()}@example.com`;
    await page.goto(`/${SLUG}`);
    const cta = page.getByRole('region', { name: 'Subscribe to the newsletter' });
    await expect(cta).toContainText('Enjoyed the read?');
    await cta.getByLabel('Email').fill(email);
    await cta.getByRole('button', { name: 'Subscribe' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Check your inbox');
    await expect(page.getByText('subscribed', { exact: false })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Send the email again' })).toBeVisible();

    await expect.poll(() => latestMailTo(email, /^Confirm/)).not.toBeNull();
    const confirm = await latestMailTo(email, /^Confirm/);
    const link = /https?:\/\/\S+\/subscribe\/confirm\?token=\S+/.exec(confirm!.text!)![0];
    // GET shows one button and confirms nothing (mail scanners follow links).
    await page.goto(link);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Confirm your subscription');
    await page.getByRole('button', { name: 'Confirm subscription' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Thank you, you are subscribed!');

    await expect.poll(() => latestMailTo(email, /^Welcome/)).not.toBeNull();
    const welcome = await latestMailTo(email, /^Welcome/);
    const unsubscribe = /https?:\/\/\S+\/unsubscribe\?token=\S+/.exec(welcome!.text!)![0];
    expect(welcome!.headerLines.find((h) => h.key === 'list-unsubscribe-post')?.line).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');

    // GET shows one button and changes nothing (mail scanners follow links).
    await page.goto(unsubscribe);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Unsubscribe');
    await page.getByRole('button', { name: 'Unsubscribe' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('You are unsubscribed');

    // RFC 8058 one-click from a mail client: no page, just done; a tampered token changes nothing.
    const oneClick = await request.post(unsubscribe, { form: { 'List-Unsubscribe': 'One-Click' } });
    expect(oneClick.status()).toBe(200);
    expect(await oneClick.text()).toBe('');
    const tampered = await request.post(unsubscribe.replace(/token=./, 'token=X'), { form: { 'List-Unsubscribe': 'One-Click' } });
    expect(tampered.status()).toBe(400);
  });
});

test('bad addresses get a clear message and the right status', async ({ request }) => {
  const post = (email: string) => request.post('/api/subscribe', { form: { email, source: 'footer' }, headers: { accept: 'application/json' } });
  const bad = await post('not-an-email');
  expect(bad.status()).toBe(400);
  expect(await bad.json()).toEqual({ fieldErrors: { email: ['Enter a valid email address, like name@example.com'] } });
  expect((await post('a@example.com\r\nBcc: everyone@example.com')).status()).toBe(400);
  expect((await request.post('/api/subscribe', { form: { email: 'x@example.com' }, headers: { origin: 'https://evil.example' } })).status()).toBe(403);
  const ok = await post(`known-${Date.now()}@example.com`);
  const again = await post((await ok.json()) && `known-${Date.now()}@example.com`);
  expect(ok.status()).toBe(200);
  expect(await again.json()).toEqual(await ok.json());
});

test('the author sees the newsletter dashboard and can export the list', async ({ page }) => {
  await page.goto('/admin');
  await page.getByLabel('Password').fill('correct horse battery staple');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.goto('/admin/newsletter');
  await expect(page.getByRole('heading', { level: 1, name: 'Newsletter' })).toBeVisible();
  await expect(page.getByRole('img', { name: /Confirmed subscribers grew/ })).toBeVisible();
  const stamp = Date.now();
  await page.getByLabel('CSV file').setInputFiles({
    name: 'list.csv', mimeType: 'text/csv',
    buffer: Buffer.from(`email,consent_at\nimported-${stamp}@example.com,2024-01-05\nsecond-${stamp}@example.com,\nnot-an-address,\n`),
  });
  await page.getByRole('button', { name: 'Import' }).click();
  await expect(page.getByRole('status')).toContainText('Imported 2, already here 0, refused 1');
  await page.getByLabel('Email contains').fill(`imported-${stamp}`);
  await page.getByRole('main').getByRole('button', { name: 'Search' }).click(); // the header has the site's search box too
  await expect(page.getByRole('cell', { name: `imported-${stamp}@example.com` })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'confirmed' })).toBeVisible();

  await page.getByRole('button', { name: 'Send a test to the author' }).click();
  await expect(page.getByRole('status')).toContainText('A test copy went to');

  const csv = await page.request.get('/admin/newsletter/export.csv');
  expect(csv.headers()['content-type']).toContain('text/csv');
  const lines = (await csv.text()).split('\n');
  expect(lines[0]).toBe('email,status,source,consent_at,confirmed_at,unsubscribed_at,bounced_at,created_at');
  expect(lines.some((l) => l.startsWith(`imported-${stamp}@example.com,confirmed,import,2024-01-05`))).toBe(true);
});
