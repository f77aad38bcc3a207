/** Types for ./response-policy.mjs (plain JavaScript, so that server.mjs can load it without a build). */
export const SHARED_CACHE_CONTROL: string;
export const PRIVATE_CACHE_CONTROL: string;
export const IMMUTABLE_CACHE_CONTROL: string;
export function cachePolicy(response: { method: string; pathname: string; status: number; setsCookie: boolean }): { shared: boolean; cacheControl: string | null };
