/** Types for ./whole-response.mjs. */
import type { ServerResponse } from 'node:http';
export function sendWhole(res: ServerResponse, limit?: number): void;
