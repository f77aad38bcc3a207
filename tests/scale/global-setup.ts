import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

/** The instances serve the production build: make one if there is none yet. */
export default function setup() {
  if (!process.env.TEST_POSTGRES_URL?.trim()) {
    console.warn('\n[masthead] SKIPPED: the scale tests need PostgreSQL (TEST_POSTGRES_URL is not set).\n');
    return;
  }
  if (existsSync(path.join(ROOT, '.next', 'BUILD_ID'))) return;
  const result = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
  if (result.status !== 0) throw new Error('npm run build failed');
}
