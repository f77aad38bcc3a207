/** Types for ./trust-proxy.mjs (plain JavaScript, so that server.mjs can load it without a build). */
import type { IncomingMessage } from 'node:http';

export type Trust = (address: string, hop: number) => boolean;
export function parseTrustProxy(value: string | undefined): { ok: true; trust: Trust } | { ok: false; error: string };
export function clientAddress(req: IncomingMessage, trust: Trust): string;
export function peerIsTrusted(req: IncomingMessage, trust: Trust): boolean;
