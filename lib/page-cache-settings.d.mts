/** Types for ./page-cache-settings.mjs (plain JavaScript, so that server.mjs can load it without a build). */
export const PAGE_CACHE_DEFAULTS: { REDIS_PREFIX: string; PAGE_CACHE_MB: number };
export type Refused = { ok: false; variable: string; error: string };
export function parsePageCacheSettings(env: Record<string, string | undefined>): { ok: true; redisUrl: string | null; prefix: string; maxBytes: number } | Refused;
export function parseAccessLog(value: string | undefined): { ok: true; every: number } | Refused;
