import { afterEach, describe, expect, it } from 'vitest';
import { cookie } from '@/lib/http';
import { contentSecurityPolicy } from '../../scripts/csp.mjs';

const original = process.env.SITE_URL;
afterEach(() => {
  if (original === undefined) delete process.env.SITE_URL;
  else process.env.SITE_URL = original;
});

async function headersBuiltFor(siteUrl: string) {
  process.env.SITE_URL = siteUrl;
  // next.config.mjs reads SITE_URL when it is loaded (at build): load a fresh copy per case.
  const url = `${new URL('../../next.config.mjs', import.meta.url).href}?site=${encodeURIComponent(siteUrl)}`;
  const mod = (await import(/* @vite-ignore */ url)) as { securityHeaders: Array<{ key: string; value: string }> };
  return Object.fromEntries(mod.securityHeaders.map((h) => [h.key, h.value]));
}

describe('security headers', () => {
  it('send HSTS only for a site served over https', async () => {
    expect((await headersBuiltFor('https://notes.example.com'))['Strict-Transport-Security']).toBe('max-age=63072000; includeSubDomains');
    expect((await headersBuiltFor('http://localhost:3000'))['Strict-Transport-Security']).toBeUndefined();
  });

  it('forbid framing and sniffing everywhere', async () => {
    const h = await headersBuiltFor('http://localhost:3000');
    expect(h).toMatchObject({ 'X-Content-Type-Options': 'nosniff', 'X-Frame-Options': 'DENY', 'Referrer-Policy': 'strict-origin-when-cross-origin' });
  });

  it('allow scripts from the site and this request’s nonce only, never inline ones', () => {
    const csp = contentSecurityPolicy({ nonce: 'abc123', https: true });
    expect(csp).toContain("script-src 'self' 'nonce-abc123'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain('upgrade-insecure-requests');
    expect(contentSecurityPolicy({ nonce: 'x', https: false })).not.toContain('upgrade-insecure-requests');
    expect(contentSecurityPolicy({ nonce: null, https: false })).toContain("script-src 'self';"); // our own pages: no inline script at all
  });

  it('set cookies httpOnly and SameSite=Lax always, Secure when the site is https', () => {
    expect(cookie('masthead_author', 'v', { maxAge: 60, siteUrl: 'https://notes.example.com' })).toBe('masthead_author=v; Path=/; Max-Age=60; SameSite=Lax; HttpOnly; Secure');
    expect(cookie('masthead_author', 'v', { maxAge: 60, siteUrl: 'http://localhost:3000' })).toBe('masthead_author=v; Path=/; Max-Age=60; SameSite=Lax; HttpOnly');
  });
});
