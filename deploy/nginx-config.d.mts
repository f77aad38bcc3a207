/** Types for ./nginx-config.mjs (plain JavaScript, so that it runs on a server without a build). */
export const TEMPLATE: string;
export function renderNginxConfig(options: {
  upstreams: string[];
  listen?: string;
  serverName?: string;
  microCache?: boolean;
  prefix?: string | null;
  user?: string;
  maxFails?: number;
  failTimeout?: string;
}): string;
export function nginxFolders(prefix: string | null): string[];
