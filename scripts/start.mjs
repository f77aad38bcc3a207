#!/usr/bin/env node
// `npm start`: builds the site when there is no build or the sources changed
// since the last one, then serves it with `next start` on PORT (default 3000).
import { spawnSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildState } from './build-state.mjs';
import { SERVER_ENV, SERVER_NODE_ARGS } from './server-runtime.cjs';

const root = path.resolve(import.meta.dirname, '..');
// Pages are prerendered, so the settings they print (canonical URLs, titles) are fixed at build:
// a build made with other settings is rebuilt rather than served with the wrong ones.
const BUILD_SETTINGS = ['SITE_URL', 'SITE_TITLE', 'SITE_DESCRIPTION', 'SITE_LANG', 'AUTHOR_NAME', 'POPUP_DELAY_SECONDS', 'NEWSLETTER_CTA'];
const settingsFile = path.join(root, '.next', 'masthead-settings.json');
const port = process.env.PORT || '3000';
const settings = JSON.stringify({
  ...Object.fromEntries(BUILD_SETTINGS.map((k) => [k, process.env[k] ?? ''])),
  ...(process.env.SITE_URL ? {} : { PORT: port }),
});

const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
const state = buildState(root);
const builtWith = existsSync(settingsFile) ? readFileSync(settingsFile, 'utf8') : '';
if (state !== 'current' || builtWith !== settings) {
  console.log(
    state === 'missing' ? 'No build yet: building the site…'
    : state === 'stale' ? 'Sources changed since the last build: rebuilding…'
    : 'Settings changed since the last build: rebuilding…',
  );
  const result = spawnSync('npm', ['run', 'build'], { cwd: root, env, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
  writeFileSync(settingsFile, settings);
}

// scripts/server.mjs rather than `next start`: it takes the client address from the socket. Node's
// settings for it are in ./server-runtime.cjs (a MALLOC_ARENA_MAX of the environment wins).
const server = spawn(process.execPath, [...SERVER_NODE_ARGS, path.join(root, 'scripts', 'server.mjs')], { cwd: root, env: { ...SERVER_ENV, ...env, PORT: port, NODE_ENV: 'production' }, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
