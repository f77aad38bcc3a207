import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { signToken } from '@/lib/security/tokens';
import { withoutNonce } from '../e2e/support/author';
import { asOwnReader } from '../e2e/support/reader';

// Hostile preview links, against the e2e server and its fixture draft (tests/fixtures/previews):
// anything but a good, unexpired token for that very issue gets the 404 page of an unknown address.
const DRAFT = 'fixture-draft-lanterns';
const SCHEDULED = 'fixture-scheduled-harbour';
const PASSWORD = 'correct horse battery staple';
test.use(asOwnReader);

/** The key the e2e server signs with: its local default, var/app-secret (no APP_SECRET is set). */
const secret = () => readFileSync(path.resolve('var/app-secret'), 'utf8').trim();
const token = (slug: string, ageSeconds = 0, ttlSeconds = 3600, purpose = 'issue-preview') =>
  signToken({ purpose, slug }, secret(), ttlSeconds, new Date(Date.now() - ageSeconds * 1000));

/** The preview links the author copies from /admin/publishing. */
async function linksFromAdmin(request: APIRequestContext): Promise<Map<string, string>> {
  const signIn = await request.post('/admin/sign-in', { form: { password: PASSWORD }, maxRedirects: 0 });
  expect(signIn.status()).toBe(303);
  const page = await (await request.get('/admin/publishing')).text();
  const links = new Map<string, string>();
  for (const m of page.matchAll(/value="([^"]+\?preview=[^"]+)"/g)) {
    const url = new URL(m[1]!.replaceAll('&amp;', '&'));
    links.set(url.pathname.slice(1), url.searchParams.get('preview')!);
  }
  return links;
}

async function expectUnknown(request: APIRequestContext, address: string) {
  const unknown = await withoutNonce(await request.get('/no-such-issue-here'));
  const res = await request.get(address);
  expect(res.status(), address).toBe(404);
  expect(res.headers()['cache-control'], address).toBe('private, no-store');
  expect(await withoutNonce(res), address).toBe(unknown);
}

test('a good token opens its draft (the control for every refusal below)', async ({ request }) => {
  const res = await request.get(`/${DRAFT}?preview=${token(DRAFT)}`);
  expect(res.status()).toBe(200);
  expect(res.headers()['cache-control']).toBe('private, no-store');
  expect(res.headers()['x-robots-tag']).toBe('noindex');
  expect(res.headers()['content-security-policy']).toContain("'nonce-");
});

test('an expired token is the 404 page', async ({ request }) => {
  await expectUnknown(request, `/${DRAFT}?preview=${token(DRAFT, 7200, 3600)}`);
  // Signed a week and a minute ago with the default lifetime.
  await expectUnknown(request, `/${DRAFT}?preview=${token(DRAFT, 7 * 86400 + 60, 7 * 86400)}`);
});

test('a tampered token is the 404 page: signature, payload, or another issue’s token', async ({ playwright, baseURL }) => {
  const author = await playwright.request.newContext({ baseURL: baseURL!, extraHTTPHeaders: { 'x-forwarded-for': '2001:db8:aaaa::1' } });
  const links = await linksFromAdmin(author);
  await author.dispose();
  const reader = await playwright.request.newContext({ baseURL: baseURL! });
  const good = links.get(DRAFT)!;
  expect((await reader.get(`/${DRAFT}?preview=${good}`)).status()).toBe(200);
  const [body, mac] = good.split('.') as [string, string];
  await expectUnknown(reader, `/${DRAFT}?preview=${body}.${mac.slice(0, -2)}${mac.endsWith('AA') ? 'BB' : 'AA'}`);
  const other = JSON.parse(Buffer.from(body, 'base64url').toString());
  const swapped = Buffer.from(JSON.stringify({ ...other, slug: SCHEDULED })).toString('base64url');
  await expectUnknown(reader, `/${SCHEDULED}?preview=${swapped}.${mac}`);
  await expectUnknown(reader, `/${DRAFT}?preview=${links.get(SCHEDULED)}`);
  await expectUnknown(reader, `/${DRAFT}?preview=${'A'.repeat(5000)}.${mac}`);
  await reader.dispose();
});

test('a token of another purpose is the 404 page, the author’s own session cookie too', async ({ request, playwright, baseURL }) => {
  await expectUnknown(request, `/${DRAFT}?preview=${token(DRAFT, 0, 3600, 'author-session')}`);
  const author = await playwright.request.newContext({ baseURL: baseURL!, extraHTTPHeaders: { 'x-forwarded-for': '2001:db8:aaaa::2' } });
  const signIn = await author.post('/admin/sign-in', { form: { password: PASSWORD }, maxRedirects: 0 });
  const session = /masthead_author=([^;]+)/.exec(signIn.headers()['set-cookie'] ?? '')?.[1];
  await author.dispose();
  expect(session).toBeTruthy();
  await expectUnknown(request, `/${DRAFT}?preview=${session}`);
});

test('the preview route cannot be asked for directly, even with a good token; nor can a draft be posted to', async ({ request }) => {
  await expectUnknown(request, `/preview/${DRAFT}?preview=${token(DRAFT)}`);
  await expectUnknown(request, `/preview/${DRAFT}`);
  await expectUnknown(request, '/preview');
  const post = await request.post(`/${DRAFT}?preview=${token(DRAFT)}`, { form: { x: '1' } });
  expect(post.status()).toBe(404);
});
