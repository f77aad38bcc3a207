import { expect, test } from '@playwright/test';

// Production hardening as a reader's browser meets it: security headers on every kind of response,
// a strict script policy that the pages live with (no violations), and the health endpoint.
const ISSUE = '/the-harbour-wall'; // a fixture issue (tests/support/fixture-site.ts)
const PAGES = ['/', ISSUE, '/archive', '/feed.xml', '/api/health', '/admin', '/js/comments.js', '/this-does-not-exist'];

for (const path of PAGES) {
  test(`security headers on ${path}`, async ({ request }) => {
    const res = await request.get(path);
    const h = res.headers();
    if (!path.startsWith('/js/')) {
      // Pages and API answers; a policy means nothing on a script file served as it is.
      const csp = h['content-security-policy'] ?? '';
      const scriptSrc = /script-src ([^;]+)/.exec(csp)?.[1] ?? '';
      // Our own pages have no inline script; Next's React pages (the 404) get a per-request nonce.
      expect(scriptSrc).toMatch(/^'self'( 'nonce-[\w+/=]{16,}')?$/);
      expect(csp).toContain("frame-ancestors 'none'");
    }
    expect(h['x-content-type-options']).toBe('nosniff');
    expect(h['referrer-policy']).toBe('strict-origin-when-cross-origin');
    expect(h['permissions-policy']).toContain('camera=()');
    expect(h['strict-transport-security']).toBeUndefined(); // this test site is http; HSTS comes with https
    expect(h['x-request-id']).toMatch(/^[\w.:-]+$/);
    expect(h['x-powered-by']).toBeUndefined();
  });
}

test('no page breaks the policy, Next’s own 404 page included (its inline scripts carry the nonce)', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  for (const path of ['/', ISSUE, '/admin', `${ISSUE}/comments`, '/this-does-not-exist']) {
    await page.goto(path);
    await page.waitForLoadState('networkidle');
  }
  expect(violations).toEqual([]);
});

test('Next’s own pages get a fresh nonce on every request', async ({ request }) => {
  const nonce = async () => /'nonce-([^']+)'/.exec((await request.get('/no-such-page')).headers()['content-security-policy'] ?? '')?.[1];
  const [first, second] = [await nonce(), await nonce()];
  expect(first).toBeTruthy();
  expect(first).not.toBe(second);
});

test('the health endpoint reports the app and its database', async ({ request }) => {
  const res = await request.get('/api/health');
  expect(res.status()).toBe(200);
  expect(res.headers()['cache-control']).toContain('no-store');
  expect(await res.json()).toMatchObject({ status: 'ok', database: { kind: 'sqlite', status: 'ok' } });
});
