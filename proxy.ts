import { NextResponse, type NextRequest } from 'next/server';
import { getEnv } from '@/lib/env';
import { contentSecurityPolicy } from '@/lib/security/csp';
import { countView } from '@/lib/views/service';

// Runs before every page is served, prerendered or not:
// - counts views of issue pages (lib/views queues the view and returns at once, so pages stay static);
// - sets the Content-Security-Policy with a fresh nonce. Next reads the nonce from the request's
//   policy and puts it on the inline scripts of its own React pages (404, errors); our pages have none.
export function proxy(request: NextRequest) {
  countView(request, request.nextUrl.pathname);
  const nonce = btoa(crypto.randomUUID());
  const policy = contentSecurityPolicy({ nonce, https: getEnv().SITE_URL.startsWith('https://') });
  const headers = new Headers(request.headers);
  headers.set('content-security-policy', policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('content-security-policy', policy);
  return response;
}

export const config = {
  // Not for files served as they are (scripts, images, Next's assets): a policy means nothing there.
  matcher: ['/((?!_next/static|_next/image|js/|images/|favicon).*)'],
};
