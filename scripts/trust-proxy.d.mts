export * from '../lib/trust-proxy.mjs';
