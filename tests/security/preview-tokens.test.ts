import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPreviewLink, previewTokenAllows, signPreviewToken } from '@/lib/content/preview';
import { resetEnvForTest } from '@/lib/env';
import { signToken } from '@/lib/security/tokens';

// A preview link opens one unpublished issue, for a while, and nothing else: hostile variations of
// a good token are refused.
const SECRET = 'preview-token-test-secret-0123456789abcdef';
const NOW = new Date('2026-12-01T12:00:00Z');
const WEEK = 7 * 24 * 3600;

beforeAll(() => {
  process.env.APP_SECRET = SECRET;
  process.env.SITE_URL = 'https://notes.example';
  resetEnvForTest();
});
afterAll(() => {
  delete process.env.APP_SECRET;
  delete process.env.SITE_URL;
  resetEnvForTest();
});

describe('preview tokens', () => {
  const good = signPreviewToken('my-draft', SECRET, WEEK, NOW);

  it('open their own issue until they expire', () => {
    expect(previewTokenAllows(good, 'my-draft', SECRET, NOW)).toBe(true);
    expect(previewTokenAllows(good, 'my-draft', SECRET, new Date(NOW.getTime() + WEEK * 1000 - 1000))).toBe(true);
    expect(previewTokenAllows(good, 'my-draft', SECRET, new Date(NOW.getTime() + WEEK * 1000))).toBe(false);
  });

  it('open no other issue', () => {
    expect(previewTokenAllows(good, 'another-draft', SECRET, NOW)).toBe(false);
    expect(previewTokenAllows(good, 'my-draft-2', SECRET, NOW)).toBe(false);
  });

  it('refuse a changed signature, a changed payload and another key', () => {
    const [body, mac] = good.split('.') as [string, string];
    const flipped = `${body}.${mac.slice(0, -1)}${mac.endsWith('A') ? 'B' : 'A'}`;
    expect(previewTokenAllows(flipped, 'my-draft', SECRET, NOW)).toBe(false);
    const forged = Buffer.from(JSON.stringify({ purpose: 'issue-preview', slug: 'another-draft', exp: 4_102_444_800 })).toString('base64url');
    expect(previewTokenAllows(`${forged}.${mac}`, 'another-draft', SECRET, NOW)).toBe(false);
    expect(previewTokenAllows(signPreviewToken('my-draft', 'some-other-secret-entirely-0123456789', WEEK, NOW), 'my-draft', SECRET, NOW)).toBe(false);
  });

  it('refuse tokens signed for another purpose, even naming the slug', () => {
    expect(previewTokenAllows(signToken({ purpose: 'author-session', sid: 'x', slug: 'my-draft' }, SECRET, WEEK, NOW), 'my-draft', SECRET, NOW)).toBe(false);
    expect(previewTokenAllows(signToken({ slug: 'my-draft' }, SECRET, WEEK, NOW), 'my-draft', SECRET, NOW)).toBe(false);
  });

  it('refuse what is not a token at all', () => {
    for (const token of [undefined, null, '', '.', 'a.b.c', good.repeat(20), 42, ['x']]) expect(previewTokenAllows(token, 'my-draft', SECRET, NOW)).toBe(false);
  });

  it('are made into a link at the issue address that works 7 days by default', () => {
    const link = createPreviewLink('my-draft', NOW);
    const url = new URL(link.url);
    expect(`${url.origin}${url.pathname}`).toBe('https://notes.example/my-draft');
    expect(link.expiresAt.toISOString()).toBe('2026-12-08T12:00:00.000Z');
    expect(previewTokenAllows(url.searchParams.get('preview'), 'my-draft', SECRET, new Date('2026-12-08T11:59:59Z'))).toBe(true);
    expect(previewTokenAllows(url.searchParams.get('preview'), 'my-draft', SECRET, new Date('2026-12-08T12:00:00Z'))).toBe(false);
  });
});
