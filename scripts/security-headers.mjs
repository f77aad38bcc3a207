// The security headers of every response, static or not: next.config.mjs gives them to Next, and
// scripts/server.mjs sends the same on the pages it answers from the page cache itself. The
// Content-Security-Policy is set per response by server.mjs (./csp.mjs). HSTS only when the site is
// served over https.
export function securityHeaders({ https }) {
  return [
    { key: 'X-Content-Type-Options', value: 'nosniff' },
    { key: 'X-Frame-Options', value: 'DENY' },
    { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
    { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()' },
    { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
    ...(https ? [{ key: 'Strict-Transport-Security', value: 'max-age=63072000; includeSubDomains' }] : []),
  ];
}
