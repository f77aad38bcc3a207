#!/usr/bin/env node
// Writes the nginx configuration of a deployment from deploy/nginx.conf: the instances, the
// address to listen on, where nginx keeps its files, and whether the micro-cache is on. Plain
// JavaScript (no build, no dependencies) so that it runs wherever the app's Node does; the scale
// tests call renderNginxConfig() with loopback ports and a folder of their own.
//   node deploy/nginx-config.mjs --upstream 10.0.0.11:3000 --upstream 10.0.0.12:3000 [--listen 80]
//     [--server-name news.example.com] [--micro-cache] [--prefix /srv/nginx] [--user www-data] > /etc/nginx/nginx.conf
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

export const TEMPLATE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'nginx.conf');

/** Debian's own places for nginx's files, used unless a prefix folder holds them all. */
const DEBIAN = { pid: '/run/nginx.pid', logs: '/var/log/nginx', temp: '/var/lib/nginx', cache: '/var/lib/nginx/masthead-cache' };

const HOST_PORT = /^(?:(?:[a-z0-9.-]+|\[[0-9a-f:]+\]):\d{1,5}|unix:\/[\w./-]+)$/i;
const LISTEN = /^(?:[\w.:[\]-]+:)?\d{1,5}(?: [\w=]+)*$/;
const NAME = /^[\w.*~^$-]+(?: [\w.*~^$-]+)*$/;
const SAFE_PATH = /^\/[\w./-]*$/;

/**
 * The configuration text for these settings. Throws on a value that would not be one nginx token
 * (a space or `;` in an address would otherwise write directives of its own).
 */
export function renderNginxConfig({ upstreams, listen = '80', serverName = '_', microCache = false, prefix = null, user = 'www-data', maxFails = 2, failTimeout = '5s' }) {
  if (!upstreams?.length) throw new Error('at least one --upstream host:port is needed');
  for (const u of upstreams) if (!HOST_PORT.test(u)) throw new Error(`not an upstream address: ${u}`);
  if (!LISTEN.test(listen)) throw new Error(`not a listen address: ${listen}`);
  if (!NAME.test(serverName)) throw new Error(`not a server name: ${serverName}`);
  if (!/^[a-z_][\w-]*$/i.test(user)) throw new Error(`not a user name: ${user}`);
  if (prefix !== null && !SAFE_PATH.test(prefix)) throw new Error(`the prefix must be an absolute path of letters, digits, ./_-: ${prefix}`);
  const places = prefix === null ? DEBIAN : { pid: `${prefix}/nginx.pid`, logs: `${prefix}/logs`, temp: `${prefix}/temp`, cache: `${prefix}/cache` };
  const values = {
    USER: user,
    PID_FILE: places.pid,
    LOG_DIR: places.logs,
    TEMP_DIR: places.temp,
    CACHE_DIR: places.cache,
    LISTEN: listen,
    SERVER_NAME: serverName,
    MICRO_CACHE: microCache ? 'masthead' : 'off',
    UPSTREAM_SERVERS: upstreams.map((u) => `    server ${u} max_fails=${maxFails} fail_timeout=${failTimeout};`).join('\n'),
  };
  const text = readFileSync(TEMPLATE, 'utf8').replace(/@([A-Z_]+)@/g, (whole, name) => {
    if (!(name in values)) throw new Error(`deploy/nginx.conf has an unknown placeholder ${whole}`);
    return values[name];
  });
  return text;
}

/** The folders nginx expects to exist (it makes the temp and cache folders inside them itself). */
export function nginxFolders(prefix) {
  return prefix === null ? [DEBIAN.logs, DEBIAN.temp, path.dirname(DEBIAN.cache)] : [prefix, `${prefix}/logs`, `${prefix}/temp`];
}

function main() {
  const { values } = parseArgs({
    options: {
      upstream: { type: 'string', multiple: true },
      listen: { type: 'string', default: '80' },
      'server-name': { type: 'string', default: '_' },
      'micro-cache': { type: 'boolean', default: false },
      prefix: { type: 'string' },
      user: { type: 'string', default: 'www-data' },
    },
  });
  process.stdout.write(renderNginxConfig({
    upstreams: values.upstream ?? [],
    listen: values.listen,
    serverName: values['server-name'],
    microCache: values['micro-cache'],
    prefix: values.prefix ?? null,
    user: values.user,
  }));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (error) {
    console.error(`nginx-config: ${error.message}`);
    process.exit(1);
  }
}
