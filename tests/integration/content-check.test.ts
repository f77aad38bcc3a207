import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

function runCheck(contentDir: string) {
  const result = spawnSync('npm', ['run', '--silent', 'content:check'], {
    env: { ...process.env, CONTENT_DIR: contentDir },
    encoding: 'utf8',
  });
  return { code: result.status, out: result.stdout + result.stderr };
}

describe('npm run content:check', () => {
  it('reports every problem in every file at once, with the fix, and fails', () => {
    const { code, out } = runCheck('tests/fixtures/broken-content');
    expect(code).toBe(1);
    const lines = out.split('\n').filter((l) => /^(error|warning) /.test(l));
    expect(lines).toEqual([
      'error tests/fixtures/broken-content/bad-dates.md: date: is not a real calendar date (got "2024-02-30")',
      'error tests/fixtures/broken-content/bad-dates.md: body line 1: image /images/nowhere.png has no alt text',
      'error tests/fixtures/broken-content/bad-dates.md: body line 1: image /images/nowhere.png does not exist',
      'error tests/fixtures/broken-content/bad-dates.md: body line 1: link to /no-such-issue points at no issue',
      'warning tests/fixtures/broken-content/bad-dates.md: mood: is not a known frontmatter key and is ignored',
      'error tests/fixtures/broken-content/no-title.md: title: is required',
      'error tests/fixtures/broken-content/no-title.md: updated: is not after date (got "2024-02-01")',
    ]);
    expect(out).toContain('fix: write the publication day as YYYY-MM-DD, e.g. `date: 2024-03-12`');
    expect(out).toContain('✗ 3 files checked: 6 errors, 1 warning');
  }, 30_000);

  it('passes on the sample content', () => {
    const { code, out } = runCheck('content');
    expect(out).toMatch(/✓ \d+ files checked: 0 errors/);
    expect(code).toBe(0);
  }, 30_000);
});
