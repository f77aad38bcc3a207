// What a cache in front may do with a response, decided by scripts/server.mjs as the response's
// headers go out (after the route has answered, so the status and cookies are known).
// - Shared: the prerendered public pages, feeds, sitemap, social cards and static files, when they
//   answer 200/304 and set no cookie. Nothing in them depends on who asks. The app regenerates them
//   at most once a minute (ISR, revalidate = 60), so a shared cache may keep them 60 s (s-maxage)
//   and serve them up to 60 s stale while it fetches a fresh copy: a removed comment is gone from
//   every cache within two minutes. While the app is down, a cache may serve them for a day
//   (stale-if-error). Browsers (max-age=0) always revalidate, so a reader sees their own change.
//   They carry a Content-Security-Policy without a nonce: they have no inline script, and a nonce
//   in a shared copy would be the same for every reader.
// - Everything else is private, no-store: anything with cookies or a reader's own state (the live
//   discussion, /admin, sign-in, previews of drafts (/preview), subscribe results, every /api answer), every non-GET, every error
//   and every page of Next's own (the 404, whose inline scripts carry the per-request nonce).
//   /search too: every query is an address of its own, so a shared cache would keep one copy per
//   query (without bound, and search terms are the reader's own), and results follow each new
//   comment. It is rendered per request and never stored in the page cache; a query takes a few ms.
// Next's hashed assets (/_next/static) keep Next's own `immutable` header; an image's AVIF/WebP
// variants (`/images/…/chart.png@800.<hash>.avif`, lib/content/markdown/responsive.ts) name the hash
// of their source, so a browser keeps them a year.
export const SHARED_CACHE_CONTROL = 'public, max-age=0, s-maxage=60, stale-while-revalidate=60, stale-if-error=86400';
export const PRIVATE_CACHE_CONTROL = 'private, no-store';

const HASHED_ASSET = /^\/_next\/static\//;
const IMAGE_VARIANT = /^\/images\/[^?]+@\d+\.[0-9a-f]{10}\.(?:avif|webp)$/i;
export const IMMUTABLE_CACHE_CONTROL = 'public, max-age=31536000, immutable';
const PERSONAL = /^\/(?:admin|api|subscribe|unsubscribe|comments|preview|search)(?:\/|$)|^\/[^/]+\/comments\/?$/;
const PUBLIC = /^\/(?:|archive|feed\.xml|atom\.xml|comments\.xml|[a-z0-9-]+\/comments\.xml|sitemap\.xml|robots\.txt|favicon\.svg|[a-z0-9-]+|tags\/[^/]+|og(?:\/[^/]+)?|images\/[^?]+|js\/[\w.-]+\.js)$/;

/**
 * The class of a response: `shared` (a cache may keep it; no nonce in its policy) and the
 * Cache-Control to send (null: keep the one Next set).
 */
export function cachePolicy({ method, pathname, status, setsCookie }) {
  const read = method === 'GET' || method === 'HEAD';
  const ok = status === 200 || status === 304;
  if (read && ok && HASHED_ASSET.test(pathname)) return { shared: true, cacheControl: null };
  if (read && ok && !setsCookie && IMAGE_VARIANT.test(pathname)) return { shared: true, cacheControl: IMMUTABLE_CACHE_CONTROL };
  const shared = read && ok && !setsCookie && !PERSONAL.test(pathname) && PUBLIC.test(pathname);
  return { shared, cacheControl: shared ? SHARED_CACHE_CONTROL : PRIVATE_CACHE_CONTROL };
}
