export * from '../lib/page-cache-settings.mjs';
