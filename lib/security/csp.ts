/**
 * The Content-Security-Policy of every page. Scripts only from this origin, plus, for Next's own
 * React pages (the 404 and error pages), inline scripts carrying this request's nonce; never
 * 'unsafe-inline' for scripts. Our own prerendered pages have no inline script: no nonce needed. Styles are inline by design (one <style> per page, no request).
 */
export function contentSecurityPolicy({ nonce, https }: { nonce: string | null; https: boolean }): string {
  return [
    "default-src 'self'",
    nonce ? `script-src 'self' 'nonce-${nonce}'` : "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
}
