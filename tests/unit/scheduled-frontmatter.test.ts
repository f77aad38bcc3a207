import { describe, expect, it } from 'vitest';
import { loadIssues, type SourceFile } from '@/lib/content/load';

const file = (name: string, frontmatter: string, body = 'Some words here.\n'): SourceFile => ({
  name: `${name}.md`,
  file: `content/${name}.md`,
  text: `---\ntitle: "${name}"\nsummary: "A summary."\n${frontmatter}\n---\n${body}`,
});
const noImages = () => false;
const NOW = new Date('2026-12-01T12:00:00Z');
const load = (files: SourceFile[]) => loadIssues(files, noImages, NOW);
const problemsOf = (files: SourceFile[]) => load(files).problems.map((p) => `${p.severity} ${p.file} ${p.field}: ${p.message}`);

describe('dates with a time and zone, and publishAt', () => {
  it('takes an unquoted date-time with its zone: the day as written, live at the instant it names', () => {
    const { issues, problems } = load([file('a', 'date: 2026-12-24T00:30:00+01:00')]);
    expect(problems).toEqual([]);
    expect(issues[0]).toMatchObject({ date: '2026-12-24', liveAt: '2026-12-23T23:30:00.000Z' });
  });

  it('makes a bare day live from midnight UTC', () => {
    expect(load([file('a', 'date: 2026-12-24')]).issues[0]).toMatchObject({ date: '2026-12-24', liveAt: '2026-12-24T00:00:00.000Z' });
  });

  it('lets publishAt decide the moment while date stays the day shown', () => {
    const { issues } = load([file('a', 'date: 2026-12-24\npublishAt: 2026-12-23T18:00:00-05:00')]);
    expect(issues[0]).toMatchObject({ date: '2026-12-24', liveAt: '2026-12-23T23:00:00.000Z' });
  });

  it('refuses a time without a zone, with a fix written from the author\'s own value', () => {
    const { problems } = load([file('a', 'date: 2026-12-24T08:00:00')]);
    expect(problems.map((p) => `${p.field}: ${p.message} | ${p.fix}`)).toEqual([
      'date: has a time but no time zone, so the moment it names is unknown (got "2026-12-24T08:00:00") | ' +
        'add the zone the time is in, e.g. `2026-12-24T08:00:00+01:00`, or `2026-12-24T08:00:00Z` for UTC',
    ]);
  });

  it('refuses a publishAt without a time or zone, and impossible times', () => {
    expect(problemsOf([file('a', 'date: 2026-12-24\npublishAt: 2026-12-24'), file('b', 'date: 2026-12-24\npublishAt: 2026-12-24T08:00'), file('c', 'date: 2026-12-24T25:00Z'), file('d', 'date: 2026-02-30T08:00Z')])).toEqual([
      'error content/a.md publishAt: must be a date and time with its zone, not a bare day (got "2026-12-24")',
      'error content/b.md publishAt: has a time but no time zone, so the moment it names is unknown (got "2026-12-24T08:00")',
      'error content/c.md date: is not a real time of day (hours 00–23, minutes and seconds 00–59, zone up to ±23:59) (got "2026-12-24T25:00Z")',
      'error content/d.md date: is not a real calendar date (got "2026-02-30T08:00Z")',
    ]);
    expect(load([file('a', 'date: 2026-12-24\npublishAt: 2026-12-24')]).problems[0]?.fix).toContain('publishAt: 2024-03-12T08:00:00+01:00');
  });

  it('compares updated with date as moments', () => {
    expect(problemsOf([file('a', 'date: 2026-11-02T09:00:00+01:00\nupdated: 2026-11-02')])).toEqual([
      'error content/a.md updated: is not after date (got "2026-11-02")',
    ]);
    const { issues, problems } = load([file('a', 'date: 2026-11-02T09:00:00+01:00\nupdated: 2026-11-02T12:00:00+01:00')]);
    expect(problems).toEqual([]);
    expect(issues[0]?.updated).toBe('2026-11-02');
  });

  it('still reports a wrong updated when another field is wrong too', () => {
    expect(problemsOf([file('a', 'date: 2026-11-02T09:00Z\nupdated: 2026-11-01\ndraft: maybe')])).toEqual([
      'error content/a.md draft: must be true or false (got "maybe")',
      'error content/a.md updated: is not after date (got "2026-11-01")',
    ]);
  });

  it('sorts newest first by the moment each goes live, then by title', () => {
    const files = [
      file('b-morning', 'date: 2026-11-02T08:00Z'),
      file('evening', 'date: 2026-11-02T20:00+01:00'),
      file('a-morning', 'date: 2026-11-02T09:00+01:00'),
      file('day', 'date: 2026-11-02'),
      file('early', 'date: 2026-11-03\npublishAt: 2026-11-01T10:00Z'),
    ];
    expect(load(files).issues.map((i) => i.slug)).toEqual(['evening', 'a-morning', 'b-morning', 'day', 'early']);
  });
});

describe('links to scheduled issues', () => {
  const future = 'date: 2026-12-24T08:00:00+01:00';
  const past = 'date: 2026-11-01';

  it('warns when a live issue links to one not live yet, and still publishes both', () => {
    const { issues, problems } = load([file('live', past, 'See [soon](/soon).\n'), file('soon', future)]);
    expect(problems.map((p) => `${p.severity} ${p.file} ${p.field}: ${p.message}`)).toEqual([
      'warning content/live.md body line 1: link to /soon points at an issue scheduled for 2026-12-24 07:00 UTC: readers get a 404 until then',
    ]);
    expect(problems[0]?.fix).toContain('publishAt');
    expect(issues.map((i) => i.slug)).toEqual(['soon', 'live']);
  });

  it('warns when a scheduled issue goes live before the one it links to, not after or at once', () => {
    const files = [
      file('first', 'date: 2026-12-20T08:00Z', '[later](/second)\n'),
      file('second', 'date: 2026-12-21T08:00Z', '[earlier](/first) and [same time](/twin)\n'),
      file('twin', 'date: 2026-12-21T09:00+01:00', '[twin](/second)\n'),
    ];
    expect(problemsOf(files)).toEqual([
      'warning content/first.md body line 1: link to /second points at an issue scheduled for 2026-12-21 08:00 UTC: readers get a 404 until then',
    ]);
  });

  it('says nothing for links from drafts, to issues already live, or once the time has come', () => {
    const files = [file('draft', `${past}\ndraft: true`, '[soon](/soon)\n'), file('soon', future, '[old](/old)\n'), file('old', past)];
    expect(problemsOf(files)).toEqual([]);
    const later = loadIssues([file('live', past, '[soon](/soon)\n'), file('soon', future)], noImages, new Date('2026-12-24T07:00:00Z'));
    expect(later.problems).toEqual([]);
  });

  it('still treats a link to a draft as an error, scheduled or not', () => {
    expect(problemsOf([file('live', past, '[d](/d)\n'), file('d', `${future}\ndraft: true`)])).toEqual([
      'error content/live.md body line 1: link to /d points at a draft, which readers cannot open',
    ]);
  });
});
