import { readdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { fixtureIssue } from '../support/fixture-site';

// What a cache in front of Masthead may do with each response. Personalised answers (the live
// discussion, /admin, sign-in, subscribe results, every /api answer, every POST) are
// `private, no-store`; the prerendered public pages say how long a shared cache may keep them, and
// carry a policy without a per-request nonce, so a cached copy is the same for every reader.
const SHARED = 'public, max-age=0, s-maxage=60, stale-while-revalidate=60, stale-if-error=86400';
const PRIVATE = 'private, no-store';
const SLUG = 'paint-for-the-boathouse'; // a fixture issue with a cover image (tests/fixtures/site)
const AUTHOR_PASSWORD = 'correct horse battery staple';

type Case = { route: string; method: 'GET' | 'POST'; url: string; author?: boolean };
const get = (route: string, url = route, author = false): Case => ({ route, method: 'GET', url, author });
const post = (route: string, url = route): Case => ({ route, method: 'POST', url });

const SHARED_ROUTES: Case[] = [
  get('/'), get('/[slug]', `/${SLUG}`), get('/archive'), get('/tags/[tag]', `/tags/${fixtureIssue(SLUG).tags[0]}`), get('/feed.xml'), get('/atom.xml'),
  get('/sitemap.xml'), get('/robots.txt'), get('/og'), get('/og/[slug]', `/og/${SLUG}`),
  get('/comments.xml'), get('/[slug]/comments.xml', `/${SLUG}/comments.xml`),
  get('public', '/js/comments.js'), get('public', '/favicon.svg'), get('/images/[...path]', `/images/${SLUG}/cover.svg`),
];
const PRIVATE_ROUTES: Case[] = [
  get('/[slug]/comments', `/${SLUG}/comments`), get('/api/discussions/[slug]', `/api/discussions/${SLUG}`), get('/api/health'),
  get('/admin'), get('/admin/comments', '/admin/comments', true), get('/admin/newsletter', '/admin/newsletter', true),
  get('/admin/stats', '/admin/stats', true), get('/admin/publishing', '/admin/publishing', true),
  // A draft at its own address, as the author sees it (scripts/server.mjs sends it to the preview route).
  get('/preview/[slug]', '/fixture-draft-lanterns', true), get('/admin/newsletter/export.csv', '/admin/newsletter/export.csv', true),
  get('/admin/verify', '/admin/verify?token=nope'), get('/admin/comments/email-action', '/admin/comments/email-action?token=nope'),
  get('/subscribe/check-inbox'), get('/subscribe/confirm', '/subscribe/confirm?token=nope'), get('/unsubscribe', '/unsubscribe?token=nope'),
  get('/comments/stop-replies', '/comments/stop-replies?token=nope'), get('/comments/confirm-replies', '/comments/confirm-replies?token=nope'),
  get('/api/comments', `/api/comments?slug=${SLUG}`), get('/search', '/search?q=notebook'), get('/search', '/search'), get('not found', '/no-such-issue'), get('not found', '/no-such-issue/comments.xml'), get('not found', '/tags/no-such-tag'),
  // Every POST, from another site: each is refused before it does anything, and still never cached.
  post('/api/comments'), post('/api/comments/[id]/edit', '/api/comments/x/edit'), post('/api/comments/[id]/delete', '/api/comments/x/delete'),
  post('/api/subscribe'), post('/api/subscribe/resend'), post('/admin/sign-in'), post('/admin/sign-in-link'), post('/admin/sign-out'),
  post('/admin/comments/action'), post('/admin/comments/edit'), post('/admin/newsletter/send'), post('/admin/newsletter/import'), post('/admin/publishing/publish'), post('/api/publish'), post('/api/publish/refresh'),
  post('/unsubscribe', '/unsubscribe?token=nope'), post('/comments/stop-replies', '/comments/stop-replies?token=nope'),
  post('/admin/comments/email-action', '/admin/comments/email-action?token=nope'), post('/admin/sign-out-everywhere'), post('/subscribe/confirm'),
  post('/comments/confirm-replies', '/comments/confirm-replies?token=nope'), post('/[slug]/comments', `/${SLUG}/comments`),
  get('/admin/newsletter/cancel', '/admin/newsletter/cancel?token=nope'), post('/admin/newsletter/cancel', '/admin/newsletter/cancel?token=nope'),
];

let authorCookie = '';
test.beforeAll(async ({ playwright, baseURL }) => {
  const context = await playwright.request.newContext({ baseURL });
  const res = await context.post('/admin/sign-in', { form: { password: AUTHOR_PASSWORD }, maxRedirects: 0 });
  authorCookie = /masthead_author=[^;]+/.exec(res.headers()['set-cookie'] ?? '')?.[0] ?? '';
  await context.dispose();
  expect(authorCookie).not.toBe('');
});

async function send(request: APIRequestContext, c: Case, baseURL: string) {
  const headers: Record<string, string> = c.author ? { cookie: authorCookie } : {};
  if (c.method === 'GET') return request.get(c.url, { headers, maxRedirects: 0 });
  return request.post(c.url, { headers: { ...headers, origin: 'https://elsewhere.example' }, form: { x: '1' }, maxRedirects: 0 });
}

test('the lists below name every route of the app', () => {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && !entry.name.startsWith('_')) walk(full);
      else if (/^route\.tsx?$/.test(entry.name)) found.push(`/${path.relative('app', dir)}`.replace(/\/$/, '') || '/');
    }
  };
  walk('app');
  found.push('/sitemap.xml', '/robots.txt');
  const listed = new Set([...SHARED_ROUTES, ...PRIVATE_ROUTES].map((c) => c.route));
  expect(found.filter((route) => !listed.has(route))).toEqual([]);
});

for (const c of SHARED_ROUTES) {
  test(`${c.url} may be kept by a shared cache, with a policy without a nonce`, async ({ request, baseURL }) => {
    const res = await send(request, c, baseURL!);
    expect(res.status()).toBe(200);
    expect(res.headers()['cache-control']).toBe(SHARED);
    expect(res.headers()['content-security-policy']).not.toContain('nonce-');
  });
}

for (const c of PRIVATE_ROUTES) {
  test(`${c.method} ${c.url} is private, no-store`, async ({ request, baseURL }) => {
    const res = await send(request, c, baseURL!);
    expect(res.headers()['cache-control']).toBe(PRIVATE);
  });
}

test('two requests to a cacheable page get byte-identical policies; Next’s own 404 gets a fresh nonce and is never shared', async ({ request }) => {
  for (const url of ['/', `/${SLUG}`, '/archive']) {
    const [a, b] = [await request.get(url), await request.get(url)];
    expect(a.headers()['content-security-policy']).toBe(b.headers()['content-security-policy']);
  }
  const notFound = await request.get('/no-such-issue');
  expect(notFound.status()).toBe(404);
  expect(notFound.headers()['content-security-policy']).toMatch(/script-src 'self' 'nonce-/);
  expect(notFound.headers()['cache-control']).toBe(PRIVATE);
});

test('pages as the signed-in author sees them (the live discussion, the moderation queue) are private, no-store', async ({ request }) => {
  for (const url of [`/${SLUG}/comments`, '/admin/comments']) {
    const res = await request.get(url, { headers: { cookie: authorCookie }, maxRedirects: 0 });
    expect(res.status()).toBe(200); // the author's view, not the sign-in redirect
    expect(res.headers()['cache-control']).toBe(PRIVATE);
  }
});
