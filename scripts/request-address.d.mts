/** Types for ./request-address.mjs (plain JavaScript, so that server.mjs can load it without a build). */
export function isMalformedPath(pathname: string): boolean;
export function loggedPath(url: string | undefined): string;
