export * from '../lib/server-limits.mjs';
