import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { buildState } from '../../scripts/build-state.mjs';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

/** Suites that start the production server serve the build: make one when there is none or it is stale. */
export function buildIfNeeded(): void {
  if (buildState(ROOT) === 'current') return;
  const result = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
  if (result.status !== 0) throw new Error('npm run build failed');
}

export default function setup(): void {
  if (!process.env.TEST_POSTGRES_URL?.trim()) {
    console.warn('\n[masthead] SKIPPED: the scale tests on PostgreSQL (TEST_POSTGRES_URL is not set).\n');
  }
  buildIfNeeded();
}
