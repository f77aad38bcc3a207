import { describe, expect, it } from 'vitest';
import { AUTHOR_COOKIE } from '@/lib/auth/service';
import { visitOf } from '@/lib/views/http';

describe('what view counting reads from a request', () => {
  it('takes the reader facts from headers and cookies, so the service decides on plain values', () => {
    const request = new Request('http://localhost/an-issue', {
      headers: {
        'user-agent': 'Mozilla/5.0 Firefox/140.0',
        'x-forwarded-for': '198.51.100.7',
        referer: 'https://news.example/item',
        cookie: `theme=dark; ${AUTHOR_COOKIE}=session-value`,
        'sec-purpose': 'prefetch;prerender',
      },
    });
    expect(visitOf(request, '/an-issue')).toEqual({
      method: 'GET',
      pathname: '/an-issue',
      userAgent: 'Mozilla/5.0 Firefox/140.0',
      purpose: 'prefetch;prerender',
      authorSession: 'session-value',
      ip: '198.51.100.7',
      referer: 'https://news.example/item',
    });
  });

  it("marks Next's router prefetch, and reads a bare request as a plain one", () => {
    expect(visitOf(new Request('http://localhost/x', { headers: { 'next-router-prefetch': '1' } }), '/x')).toMatchObject({ purpose: 'prefetch' });
    expect(visitOf(new Request('http://localhost/x'), '/x')).toMatchObject({ purpose: null, authorSession: undefined, userAgent: null, referer: null });
  });
});
