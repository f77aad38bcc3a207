// scripts/'s import of lib/server-limits.mjs (the app reads the same settings; lib never imports from scripts).
// The standalone build copies lib/server-limits.mjs here.
export * from '../lib/server-limits.mjs';
