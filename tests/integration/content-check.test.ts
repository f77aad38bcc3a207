import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

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

  it('passes on the fixture newsletter the browser and scale suites serve', () => {
    const { code, out } = runCheck('tests/fixtures/site');
    expect(out).toMatch(/✓ \d+ files checked: 0 errors/);
    expect(code).toBe(0);
  }, 30_000);

  describe('with issues scheduled for later', () => {
    let dir = '';
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    const issue = (name: string, frontmatter: string, body = 'Some words.\n') =>
      writeFileSync(path.join(dir, `${name}.md`), `---\ntitle: "${name}"\nsummary: "S."\n${frontmatter}\n---\n${body}`);
    // "2026-12-24T08:00:00+01:00" for an instant: the same moment written in a zone an hour ahead of UTC.
    const inParis = (at: Date) => `${new Date(at.getTime() + 3_600_000).toISOString().slice(0, 19)}+01:00`;
    const utc = (at: Date) => `${at.toISOString().slice(0, 10)} ${at.toISOString().slice(11, 16)} UTC`;

    it('lists each with the moment it goes live, soonest first, and passes', () => {
      dir = mkdtempSync(path.join(tmpdir(), 'masthead-scheduled-'));
      // Whole minutes, so the printed time is exact; far enough ahead that the run cannot reach it.
      const soon = new Date(Math.ceil((Date.now() + 2.5 * 3_600_000) / 60_000) * 60_000);
      const later = new Date(Date.UTC(2099, 11, 24, 7, 0));
      issue('live', 'date: 2024-01-01', 'Coming: [the later one](/later).\n');
      issue('later', `date: ${inParis(later)}`);
      issue('soon', `date: 2099-12-31\npublishAt: ${inParis(soon)}`);
      issue('draft', `date: ${inParis(soon)}\ndraft: true`);

      const daysLeft = () => Math.floor((later.getTime() - Date.now()) / 86_400_000);
      const before = daysLeft();
      const { code, out } = runCheck(dir);
      const days = [before, daysLeft()]; // the run may cross the minute the count drops
      const file = (name: string) => path.relative(process.cwd(), path.join(dir, `${name}.md`));
      const lines = out.split('\n').filter((l) => l.startsWith('⏰'));
      expect(lines[0]).toBe(`⏰ ${file('soon')} is scheduled for ${utc(soon)} (in 2 hours)`);
      expect(days.map((n) => `⏰ ${file('later')} is scheduled for 2099-12-24 07:00 UTC (in ${n} days)`)).toContain(lines[1]);
      expect(lines).toHaveLength(2);
      expect(out).toContain(`warning ${file('live')}: body line 1: link to /later points at an issue scheduled for 2099-12-24 07:00 UTC`);
      expect(out).toContain('✓ 4 files checked: 0 errors, 1 warning, 2 scheduled');
      expect(code).toBe(0);
    }, 30_000);

    it('refuses a time without a zone, saying how to add one', () => {
      dir = mkdtempSync(path.join(tmpdir(), 'masthead-scheduled-'));
      issue('no-zone', 'date: 2099-12-24T08:00:00');
      const { code, out } = runCheck(dir);
      expect(out).toContain('date: has a time but no time zone, so the moment it names is unknown (got "2099-12-24T08:00:00")');
      expect(out).toContain('fix: add the zone the time is in, e.g. `2099-12-24T08:00:00+01:00`, or `2099-12-24T08:00:00Z` for UTC');
      expect(out).not.toContain('⏰');
      expect(code).toBe(1);
    }, 30_000);
  });
});
