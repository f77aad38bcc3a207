import { expect, test } from '@playwright/test';
import { asOwnReader } from '../e2e/support/reader';

// Publish now (/admin/publishing) fetches and publishes: only the author may, and only from the site.
test.use(asOwnReader);

test('Publish now from another site is refused, even with the author’s cookie; without it, nothing but the sign-in page', async ({ request, playwright, baseURL }) => {
  const signIn = await request.post('/admin/sign-in', { form: { password: 'correct horse battery staple' }, maxRedirects: 0 });
  const cookie = /masthead_author=[^;]+/.exec(signIn.headers()['set-cookie'] ?? '')?.[0];
  expect(cookie).toBeTruthy();
  const before = await (await request.get('/admin/publishing', { headers: { cookie: cookie! } })).text();
  const live = /<code title="([^"]+)"/.exec(before)?.[1];
  expect(live).toBeTruthy();

  const crossSite = await request.post('/admin/publishing/publish', { headers: { cookie: cookie!, origin: 'https://elsewhere.example' }, form: {}, maxRedirects: 0 });
  expect(crossSite.status()).toBe(403);
  const fetchSite = await request.post('/admin/publishing/publish', { headers: { cookie: cookie!, 'sec-fetch-site': 'cross-site' }, form: {}, maxRedirects: 0 });
  expect(fetchSite.status()).toBe(403);

  const reader = await playwright.request.newContext({ baseURL: baseURL! });
  const anonymous = await reader.post('/admin/publishing/publish', { form: {}, maxRedirects: 0 });
  expect(anonymous.status()).toBe(303);
  expect(anonymous.headers()['location']).toBe('/admin');
  expect((await reader.get('/admin/publishing', { maxRedirects: 0 })).status()).toBe(303);
  await reader.dispose();
});
