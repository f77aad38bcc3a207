import { NextResponse, type NextRequest } from 'next/server';
import { getIssue } from '@/lib/content/service';
import { getEnv } from '@/lib/env';
import { contentSecurityPolicy } from '@/lib/security/csp';
import { countView } from '@/lib/views/service';

// Runs before every page is served, prerendered or not:
// - counts views of issue pages (lib/views queues the view and returns at once, so pages stay static);
// - sets the Content-Security-Policy. Our prerendered pages (home, issues) carry no inline script,
//   so they get the plain policy on the fast path. Anything else may end as one of Next's own React
//   pages (404, errors): those get a fresh nonce, which Next reads from the request's policy and
//   puts on its inline scripts.
export function proxy(request: NextRequest) {
  const { pathname } = request.nextUrl;
  const https = getEnv().SITE_URL.startsWith('https://');
  if (pathname === '/' || isIssuePath(pathname)) {
    countView(request, pathname);
    const response = NextResponse.next();
    response.headers.set('content-security-policy', contentSecurityPolicy({ nonce: null, https }));
    return response;
  }
  const policy = contentSecurityPolicy({ nonce: btoa(crypto.randomUUID()), https });
  const headers = new Headers(request.headers);
  headers.set('content-security-policy', policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('content-security-policy', policy);
  return response;
}

function isIssuePath(pathname: string): boolean {
  const slug = pathname.slice(1);
  return /^[a-z0-9-]+$/.test(slug) && getIssue(slug) !== null;
}

export const config = {
  // Not for files served as they are (scripts, images, Next's assets): a policy means nothing there.
  matcher: ['/((?!_next/static|_next/image|js/|images/|favicon).*)'],
};
