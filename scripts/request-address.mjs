// The request's address as scripts/server.mjs judges and logs it.

/**
 * Whether a path cannot be an address of this site: it does not decode (`%ff`, the overlong
 * `%c0%af`) or decodes to a NUL. Next answers those with a bare 500 and logs an error; the server
 * sends them to the site's 404 page instead.
 */
export function isMalformedPath(pathname) {
  try {
    return decodeURIComponent(pathname).includes('\0');
  } catch {
    return true;
  }
}

const MAX_LOGGED_PATH = 300;

/**
 * The address as the access log writes it: the path without its query string, whose values carry
 * secrets (sign-in, confirmation, unsubscribe and stop-replies tokens); the parameter names stay,
 * which is enough to tell the requests apart.
 */
export function loggedPath(url) {
  const text = url ?? '/';
  const q = text.indexOf('?');
  const pathname = (q < 0 ? text : text.slice(0, q)).slice(0, MAX_LOGGED_PATH);
  if (q < 0) return pathname;
  const names = [...new URLSearchParams(text.slice(q + 1)).keys()].filter((n) => /^[\w.-]{1,40}$/.test(n)).slice(0, 10);
  return names.length ? `${pathname}?${[...new Set(names)].join('&')}` : pathname;
}
