import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// The README's stack section says why each dependency is there: a package added without its line
// (or a line left for a package that is gone) fails here.
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
const readme = readFileSync('README.md', 'utf8');
const stack = readme.slice(readme.indexOf('### Stack'), readme.indexOf('\n## ', readme.indexOf('### Stack')));
const rows = stack.split('\n').filter((l) => l.startsWith('| `'));
const named = new Set(rows.flatMap((row) => [...row.split(' | ')[0]!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!)));

describe('the README stack section', () => {
  it('has a row naming every dependency in package.json, with a reason', () => {
    const all = [...Object.keys(pkg.dependencies), ...Object.keys(pkg.devDependencies)];
    expect(all.filter((name) => !named.has(name))).toEqual([]);
    for (const row of rows) expect(row.split(' | ')[1]?.trim().length ?? 0, row).toBeGreaterThan(10);
  });

  it('names no npm package that package.json does not have', () => {
    const all = new Set([...Object.keys(pkg.dependencies), ...Object.keys(pkg.devDependencies)]);
    // Debian's programs are in the table too, marked as such.
    const npm = rows.filter((row) => !row.includes('(Debian')).flatMap((row) => [...row.split(' | ')[0]!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!));
    expect(npm.filter((name) => !all.has(name))).toEqual([]);
  });
});
