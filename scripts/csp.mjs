// The Content-Security-Policy of every response, set by server.mjs. Scripts only from this origin,
// plus inline scripts carrying this request's nonce: Next reads the nonce from the request's policy
// header and puts it on the inline scripts of its own React pages (404, errors). Our prerendered
// pages have no inline script. Never 'unsafe-inline' for scripts; styles are inline by design.
export function contentSecurityPolicy({ nonce, https }) {
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
