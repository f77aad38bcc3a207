import { expect, test } from '@playwright/test';

// Production hardening as a reader's browser meets it: security headers on every kind of response,
// a strict script policy that the pages live with (no violations), and the health endpoint.
const PAGES = ['/', '/boring-infrastructure', '/archive', '/feed.xml', '/api/health', '/admin', '/js/comments.js', '/this-does-not-exist'];

for (const path of PAGES) {
  test(`security headers on ${path}`, async ({ request }) => {
    const res = await request.get(path);
    const h = res.headers();
    const csp = h['content-security-policy'] ?? '';
    const scriptSrc = /script-src ([^;]+)/.exec(csp)?.[1] ?? '';
    expect(scriptSrc).toContain("'self'");
    expect(scriptSrc).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(h['x-content-type-options']).toBe('nosniff');
    expect(h['referrer-policy']).toBe('strict-origin-when-cross-origin');
    expect(h['permissions-policy']).toContain('camera=()');
    expect(h['strict-transport-security']).toBeUndefined(); // this test site is http; HSTS comes with https
    expect(h['x-request-id']).toMatch(/^[\w.:-]+$/);
    expect(h['x-powered-by']).toBeUndefined();
  });
}

test('an issue page, the home page and the sign-in page break no rule of the policy', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  for (const path of ['/', '/boring-infrastructure', '/admin', '/writing-is-the-job/comments']) {
    await page.goto(path);
    await page.waitForLoadState('networkidle');
  }
  expect(violations).toEqual([]);
});

test('the health endpoint reports the app and its database', async ({ request }) => {
  const res = await request.get('/api/health');
  expect(res.status()).toBe(200);
  expect(res.headers()['cache-control']).toContain('no-store');
  expect(await res.json()).toMatchObject({ status: 'ok', database: { kind: 'sqlite', status: 'ok' } });
});
