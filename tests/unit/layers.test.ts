import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const depcruise = path.join(ROOT, 'node_modules', '.bin', 'depcruise');

describe('the layering rule (npm run lint:layers)', () => {
  it('passes on the codebase', () => {
    expect(() => execFileSync(depcruise, ['--config', '.dependency-cruiser.cjs', 'app', 'lib', 'components', 'scripts', 'instrumentation.ts'], { cwd: ROOT, encoding: 'utf8' })).not.toThrow();
  }, 60_000);

  it('fails when lib/ imports a view', () => {
    // A fixture tree with the same layout: lib/service.ts imports components/page.ts.
    const run = spawnSync(depcruise, ['--config', path.join(ROOT, '.dependency-cruiser.cjs'), 'lib', 'components'], { cwd: path.join(ROOT, 'tests/fixtures/layers'), encoding: 'utf8' });
    expect(run.status).not.toBe(0);
    expect(run.stdout).toContain('lib-stays-below-routes-and-views');
  }, 60_000);
});
