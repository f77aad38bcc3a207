/** Types for ./csp.mjs (plain JavaScript, so that server.mjs can load it without a build). */
export function contentSecurityPolicy(options: { nonce: string | null; https: boolean }): string;
