// Whether the production build in .next is older than the sources it was made from: shared by
// `npm start` (scripts/start.mjs) and the suites that serve the build (tests/scale/global-setup.ts).
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

// Not content/: a new version of the content is published into the running site (lib/publish), never built.
const SOURCES = ['app', 'components', 'lib', 'public', 'prisma/models.prisma', 'next.config.mjs', 'instrumentation.ts', 'package.json'];

function newestMtime(p) {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  return readdirSync(p).reduce((max, name) => Math.max(max, newestMtime(path.join(p, name))), st.mtimeMs);
}

/** 'missing' (no build), 'stale' (a source changed since) or 'current'. */
export function buildState(root) {
  const buildId = path.join(root, '.next', 'BUILD_ID');
  if (!existsSync(buildId)) return 'missing';
  const built = statSync(buildId).mtimeMs;
  const changed = SOURCES.reduce((max, s) => Math.max(max, newestMtime(path.join(root, s))), 0);
  return changed > built ? 'stale' : 'current';
}
