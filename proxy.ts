import { NextResponse, type NextRequest } from 'next/server';
import { countView } from '@/lib/views/service';

// Counting views here, before the prerendered issue page is served, keeps the page static: the
// proxy queues the view and returns at once (lib/views). Only single-segment paths can be issues.
export function proxy(request: NextRequest) {
  countView(request, request.nextUrl.pathname);
  return NextResponse.next();
}

export const config = {
  matcher: ['/((?!api/|admin|_next/|js/|images/|og/|tags/)[^/.]+)'],
};
