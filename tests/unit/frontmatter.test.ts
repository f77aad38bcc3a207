import { describe, expect, it } from 'vitest';
import { loadIssues, type SourceFile } from '@/lib/content/load';

const file = (name: string, frontmatter: string, body = 'Some words here.\n'): SourceFile => ({
  name: `${name}.md`,
  file: `content/${name}.md`,
  text: `---\n${frontmatter}\n---\n${body}`,
});
const valid = 'title: "A title"\ndate: 2024-03-12\nsummary: "A summary."';
const noImages = () => false;

function problemsOf(files: SourceFile[], imageExists: (src: string) => boolean = noImages) {
  return loadIssues(files, imageExists).problems.map((p) => `${p.severity} ${p.file} ${p.field}: ${p.message}`);
}

describe('frontmatter validation', () => {
  it('accepts a valid issue and derives its slug from the file name', () => {
    const { issues, problems } = loadIssues([file('my-issue', `${valid}\ntags: [leadership, hiring]\ndraft: false`)], noImages);
    expect(problems).toEqual([]);
    expect(issues[0]).toMatchObject({ slug: 'my-issue', title: 'A title', date: '2024-03-12', tags: ['leadership', 'hiring'], draft: false });
  });

  it('requires title, date and summary, reporting all three at once', () => {
    expect(problemsOf([file('a', 'tags: [x]')])).toEqual([
      'error content/a.md title: is required',
      'error content/a.md date: is required',
      'error content/a.md summary: is required',
    ]);
  });

  it('refuses a date that is neither YYYY-MM-DD nor a date-time', () => {
    expect(problemsOf([file('a', 'title: T\ndate: 12/03/2024\nsummary: S')])).toEqual([
      'error content/a.md date: must be a day written YYYY-MM-DD, or a date and time with its zone like 2026-12-24T08:00:00+01:00 (got "12/03/2024")',
    ]);
  });

  it('refuses a date that does not exist instead of rolling it over', () => {
    expect(problemsOf([file('a', 'title: T\ndate: 2023-02-29\nsummary: S')])).toEqual([
      'error content/a.md date: is not a real calendar date (got "2023-02-29")',
    ]);
  });

  it('refuses updated on or before date', () => {
    expect(problemsOf([file('a', `${valid}\nupdated: 2024-03-01`)])).toEqual([
      'error content/a.md updated: is not after date (got "2024-03-01")',
    ]);
  });

  it('checks tags, video, draft and cover types', () => {
    expect(problemsOf([file('a', `${valid}\ntags: [Big Tag]\nvideo: not-a-url\ndraft: yes\ncover: picture.txt`)])).toEqual([
      'error content/a.md tags: each tag must be lower-case words joined by hyphens',
      'error content/a.md video: must be a full http(s) URL (got "not-a-url")',
      'error content/a.md draft: must be true or false (got "yes")',
      'error content/a.md cover: must be a path under public/ starting with "/" and ending in an image extension (got "picture.txt")',
    ]);
  });

  it('warns about unknown keys but still publishes the issue', () => {
    const { issues, problems } = loadIssues([file('a', `${valid}\nauthor: Someone`)], noImages);
    expect(problems.map((p) => `${p.severity} ${p.field}: ${p.message}`)).toEqual([
      'warning author: is not a known frontmatter key and is ignored',
    ]);
    expect(issues).toHaveLength(1);
  });

  it('refuses duplicate slugs, invalid file names and reserved paths', () => {
    expect(problemsOf([file('same', valid), { ...file('same', valid), name: 'Same.md', file: 'content/Same.md' }, file('My_Issue', valid), file('archive', valid)])).toEqual([
      'error content/Same.md slug: duplicates the slug of content/same.md',
      'error content/My_Issue.md slug: "My_Issue" is not a valid slug',
      'error content/archive.md slug: "archive" is a path the site itself uses',
    ]);
  });

  it('refuses a missing cover image, missing alt text, missing images and links to unknown issues', () => {
    const body = 'Intro.\n\n![](/images/a.png)\n\nSee ![chart](/images/missing.png) and [the other](/nowhere) and [ok](/b).\n';
    const files = [file('a', `${valid}\ncover: /images/nope.png`, body), file('b', valid)];
    expect(problemsOf(files, (src) => src === '/images/a.png')).toEqual([
      'error content/a.md cover: image /images/nope.png does not exist',
      'error content/a.md body line 3: image /images/a.png has no alt text',
      'error content/a.md body line 5: image /images/missing.png does not exist',
      'error content/a.md body line 5: link to /nowhere points at no issue',
    ]);
  });

  it('refuses a published issue linking to a draft', () => {
    const files = [file('a', valid, 'Read [this](/b).\n'), file('b', `${valid}\ndraft: true`)];
    expect(problemsOf(files)).toEqual(['error content/a.md body line 1: link to /b points at a draft, which readers cannot open']);
  });

  it('keeps broken files out of the published list and sorts the rest newest first', () => {
    const files = [
      file('old', 'title: Old\ndate: 2023-01-01\nsummary: S'),
      file('new', 'title: New\ndate: 2024-01-01\nsummary: S'),
      file('broken', 'title: Broken\nsummary: S'),
    ];
    expect(loadIssues(files, noImages).issues.map((i) => i.slug)).toEqual(['new', 'old']);
  });

  it('gives every problem a fix', () => {
    const { problems } = loadIssues([file('a', 'video: x')], noImages);
    expect(problems.every((p) => p.fix.length > 10)).toBe(true);
  });
});
