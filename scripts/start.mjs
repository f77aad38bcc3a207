#!/usr/bin/env node
// `npm start`: builds the site when there is no build or the sources changed
// since the last one, then serves it with `next start` on PORT (default 3000).
import { spawnSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const buildId = path.join(root, '.next', 'BUILD_ID');
const sources = ['app', 'components', 'lib', 'content', 'public', 'prisma/models.prisma', 'next.config.mjs', 'instrumentation.ts', 'package.json'];

function newestMtime(p) {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  return readdirSync(p).reduce((max, name) => Math.max(max, newestMtime(path.join(p, name))), st.mtimeMs);
}

// Pages are prerendered, so the settings they print (canonical URLs, titles) are fixed at build:
// a build made with other settings is rebuilt rather than served with the wrong ones.
const BUILD_SETTINGS = ['SITE_URL', 'SITE_TITLE', 'SITE_DESCRIPTION', 'SITE_LANG', 'AUTHOR_NAME', 'CONTENT_DIR', 'POPUP_DELAY_SECONDS', 'NEWSLETTER_CTA'];
const settingsFile = path.join(root, '.next', 'masthead-settings.json');
const port = process.env.PORT || '3000';
const settings = JSON.stringify({
  ...Object.fromEntries(BUILD_SETTINGS.map((k) => [k, process.env[k] ?? ''])),
  ...(process.env.SITE_URL ? {} : { PORT: port }),
});

const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
const built = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
const changed = sources.reduce((max, s) => Math.max(max, newestMtime(path.join(root, s))), 0);
const builtWith = existsSync(settingsFile) ? readFileSync(settingsFile, 'utf8') : '';
if (built === 0 || changed > built || builtWith !== settings) {
  console.log(
    built === 0 ? 'No build yet: building the site…'
    : changed > built ? 'Sources changed since the last build: rebuilding…'
    : 'Settings changed since the last build: rebuilding…',
  );
  const result = spawnSync('npm', ['run', 'build'], { cwd: root, env, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
  writeFileSync(settingsFile, settings);
}

// scripts/server.mjs rather than `next start`: it takes the client address from the socket.
const server = spawn(process.execPath, [path.join(root, 'scripts', 'server.mjs')], { cwd: root, env: { ...env, PORT: port, NODE_ENV: 'production' }, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
