// Issue 10 points 6, 8 and 9: an export file is input from outside. Every field passes the
// comment form's rules, the Author mark comes only from addresses the author names, and
// comments on an issue that does not exist refuse the import (or are mapped with --slug).
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { importComments } from '@/lib/comments/portability';
import { resetEnvForTest } from '@/lib/env';
import { createTestDatabase, testDatabases, useTestDatabase, type TestDatabase } from '../support/databases';

const HOSTILE = 'tests/fixtures/import/hostile';
const fixture = (name: string) => readFileSync(path.join(HOSTILE, name), 'utf8');
// The issues of the old blog the exports came from: a fixture site of its own.
const ENV = { AUTHOR_NAME: 'Robin Hale', AUTHOR_EMAIL: 'robin@example.com', APP_SECRET: 'test-secret-test-secret-test-secret-42', CONTENT_DIR: 'tests/fixtures/import/site' };
const OLD_ADDRESS = 'robin@old-blog.example';

// The same attacks in each format; ids differ by source (JSON keeps Masthead's own ids).
const FORMATS = [
  { name: 'WordPress', file: 'wordpress.wxr.xml', id: (n: number) => String(n) },
  { name: 'Disqus', file: 'disqus.xml', id: (n: number) => String(n) },
  { name: 'Masthead JSON', file: 'masthead.json', id: (n: number) => `hostile_${n}` },
] as const;

// Each test imports a whole file through a real database (and the CLI tests start a process):
// seconds on a machine under load, more than vitest's default 5 s.
vi.setConfig({ testTimeout: 60_000 });

beforeAll(() => {
  Object.assign(process.env, ENV);
  resetEnvForTest();
});

type Summary = { added: number; skipped: number; warnings: string[] };
function summaryOf(result: Awaited<ReturnType<typeof importComments>>): Summary {
  if (!result.ok) throw new Error(`import refused: ${result.error} ${JSON.stringify(result.problems ?? result.fieldErrors)}`);
  return result.value;
}

describe.each(testDatabases)('hostile comment exports on $kind', ({ kind }) => {
  const database = useTestDatabase(kind);
  const row = async (importId: string) => database().db.comment.findFirstOrThrow({ where: { importId } });

  describe.each(FORMATS)('$name', ({ file, id }) => {
    it('drops an email field holding two addresses, so no reply email can go to either', async () => {
      const { warnings } = summaryOf(await importComments(fixture(file)));
      expect(await row(id(1))).toMatchObject({ authorName: 'Ada Park', authorEmail: null, notifyReplies: false, body: 'Two addresses in one field.' });
      expect(await database().db.comment.count({ where: { authorEmail: { contains: ',' } } })).toBe(0);
      expect(warnings).toContainEqual(expect.stringMatching(new RegExp(`^line \\d+: comment ${id(1)}: the email "victim1@example.org, attacker@evil.example" is not one valid address`)));
    });

    it('gives no Author mark by name, account or flag: only an address from --author-email does', async () => {
      const { warnings } = summaryOf(await importComments(fixture(file)));
      expect(await database().db.comment.count({ where: { isAuthor: true } })).toBe(0);
      // Comments that pass for the author, or for a site role, keep their text under the anonymous name.
      for (const n of [2, 4, 5, 6]) expect(await row(id(n))).toMatchObject({ isAuthor: false, authorName: null });
      expect(await database().db.comment.count({ where: { authorName: { in: ['Robin Hale', 'Moderator'] } } })).toBe(0);
      expect(warnings).toContainEqual(expect.stringMatching(new RegExp(`^line \\d+: comment ${id(2)}: the name "Robin Hale" passes for the author`)));
    });

    it('refuses names with NUL, bidi overrides or other control characters', async () => {
      const { warnings } = summaryOf(await importComments(fixture(file)));
      expect(await row(id(3))).toMatchObject({ authorName: null });
      const names = (await database().db.comment.findMany()).map((r) => r.authorName ?? '');
      expect(names.filter((n) => /[\p{Cc}\p{Cf}]/u.test(n))).toEqual([]);
      // The warning shows the characters escaped, so printing it cannot reorder the terminal.
      const warning = warnings.find((w) => w.includes(`comment ${id(3)}:`));
      expect(warning).toMatch(/\\u(0000|202e)/);
      expect(warning).not.toMatch(/[\p{Cc}\p{Cf}]/u);
    });

    it('refuses a comment without text, naming its line, and imports the rest', async () => {
      const text = fixture(file);
      const { added, warnings } = summaryOf(await importComments(text));
      expect(added).toBe(6);
      expect(await database().db.comment.count({ where: { importId: id(7) } })).toBe(0);
      const warning = warnings.find((w) => w.includes(`comment ${id(7)} was not imported`));
      const line = Number(/^line (\d+):/.exec(warning ?? '')?.[1]);
      // The line named is where that comment starts in the file.
      expect(text.split('\n')[line - 1]).toMatch(file.endsWith('.json') ? /"id": "hostile_7"/ : file.startsWith('disqus') ? /<post dsq:id="7">/ : /<wp:comment>/);
    });

    it("marks the author's real replies from an old address given with --author-email, and no guest who typed it", async () => {
      summaryOf(await importComments(fixture(file), { authorEmails: [OLD_ADDRESS] }));
      expect(await row(id(4))).toMatchObject({ isAuthor: true, authorName: 'Robin Hale', authorEmail: OLD_ADDRESS });
      // A guest (or a reader of the form) who typed that address is not the author.
      expect(await row(id(5))).toMatchObject({ isAuthor: false, authorName: null });
      expect(await row(id(2))).toMatchObject({ isAuthor: false });
      expect(await database().db.comment.count({ where: { isAuthor: true } })).toBe(1);
    });
  });

  it('refuses comments on a slug no issue has, with the line and the slug, and stores nothing', async () => {
    const result = await importComments(fixture('unknown-slug.wxr.xml'));
    expect(result).toMatchObject({ ok: false, error: 'unknown-issue' });
    expect(result.problems).toEqual([
      { line: 11, message: expect.stringMatching(/^no published issue has the slug "why-boring-wins" \(2 comment\(s\)\); map it with --slug why-boring-wins=/) },
    ]);
    // Not even the comment on the issue that does exist.
    expect(await database().db.comment.count()).toBe(0);
  });

  it('maps a renamed slug with --slug old=new, keeping the thread', async () => {
    const { added } = summaryOf(await importComments(fixture('unknown-slug.wxr.xml'), { slugMap: new Map([['why-boring-wins', 'the-harbour-wall']]) }));
    expect(added).toBe(3);
    const reply = await row('12');
    expect(reply.issueSlug).toBe('the-harbour-wall');
    expect(reply.parentId).toBe((await row('11')).id);
  });

  it('refuses a --slug mapping to an issue that does not exist', async () => {
    const result = await importComments(fixture('unknown-slug.wxr.xml'), { slugMap: new Map([['why-boring-wins', 'no-such-issue']]) });
    expect(result).toMatchObject({ ok: false, error: 'unknown-issue', problems: [{ line: 11, message: expect.stringContaining('"no-such-issue" given with --slug') }] });
    expect(await database().db.comment.count()).toBe(0);
  });
});

describe('npm run comments:import (the real command, on SQLite)', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
  }, 60_000);
  beforeEach(() => database.reset());
  afterAll(() => database?.drop());

  const run = async (...args: string[]) => {
    const env = { ...process.env, ...ENV, DATABASE_URL: database.url, CONTENT_DIR: 'tests/fixtures/import/content' };
    try {
      const { stdout, stderr } = await promisify(execFile)('node_modules/.bin/tsx', ['--conditions=react-server', 'scripts/comments-import.ts', ...args], { env });
      return { code: 0, stdout, stderr };
    } catch (e) {
      const failed = e as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  };

  it('refuses a file with comments on issues the content folder lacks, naming each line and slug, and stores nothing', async () => {
    const file = path.join(HOSTILE, 'unknown-slug.wxr.xml');
    const result = await run(file);
    expect(result.code).toBe(1);
    expect(result.stdout).not.toMatch(/Imported/);
    // letters-from-the-ferry is an issue of the fixture site, but not of this content folder.
    expect(result.stderr).toContain(`${file}:11: no published issue has the slug "why-boring-wins" (2 comment(s))`);
    expect(result.stderr).toContain(`${file}:36: no published issue has the slug "letters-from-the-ferry" (1 comment(s))`);
    expect(result.stderr).toContain('Nothing was imported.');
    expect(await database.db.comment.count()).toBe(0);
  });

  it('imports with --slug maps and --author-email, and reports every repaired field with its line', async () => {
    const file = path.join(HOSTILE, 'unknown-slug.wxr.xml');
    const mapped = await run(file, '--slug', 'why-boring-wins=the-harbour-wall', '--slug', 'letters-from-the-ferry=the-harbour-wall');
    expect(mapped).toMatchObject({ code: 0, stdout: expect.stringContaining('Imported 3 comment(s)') });

    const hostile = path.join(HOSTILE, 'wordpress.wxr.xml');
    const result = await run(hostile, '--author-email', OLD_ADDRESS);
    expect(result).toMatchObject({ code: 0, stdout: expect.stringContaining('Imported 6 comment(s)') });
    expect(result.stderr).toContain(`${hostile}: line 16: comment 1: the email "victim1@example.org, attacker@evil.example" is not one valid address`);
    expect(result.stderr).toContain(`${hostile}: line 76: comment 7 was not imported: it has no text`);
    const authors = await database.db.comment.findMany({ where: { isAuthor: true } });
    expect(authors.map((a) => [a.importId, a.authorName])).toEqual([['4', 'Robin Hale']]);
  });

  it('refuses a malformed --author-email or --slug before reading anything', async () => {
    const file = path.join(HOSTILE, 'wordpress.wxr.xml');
    expect(await run(file, '--author-email', 'victim1@example.org, attacker@evil.example')).toMatchObject({ code: 2, stderr: expect.stringContaining('is not an email address') });
    expect(await run(file, '--slug', 'no-equals-sign')).toMatchObject({ code: 2, stderr: expect.stringContaining('is not old-slug=new-slug') });
  });
});
