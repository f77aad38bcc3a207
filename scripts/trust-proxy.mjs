// scripts/'s import of lib/trust-proxy.mjs (the app reads the same settings; lib never imports from scripts).
// The standalone build copies lib/trust-proxy.mjs here.
export * from '../lib/trust-proxy.mjs';
