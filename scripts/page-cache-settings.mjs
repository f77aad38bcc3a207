// scripts/'s import of lib/page-cache-settings.mjs (the app reads the same settings; lib never imports from scripts).
// The standalone build copies lib/page-cache-settings.mjs here.
export * from '../lib/page-cache-settings.mjs';
