import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportComments, importComments } from '@/lib/comments/portability';
import { getDiscussion } from '@/lib/comments/discussion';
import { resetEnvForTest } from '@/lib/env';
import { testDatabases, useTestDatabase } from '../support/databases';

const wxr = readFileSync('tests/fixtures/import/wordpress.wxr.xml', 'utf8');
const disqus = readFileSync('tests/fixtures/import/disqus.xml', 'utf8');

beforeAll(() => {
  // The issues of the old blog the exports came from: a fixture site of its own.
  Object.assign(process.env, { AUTHOR_NAME: 'Robin Hale', AUTHOR_EMAIL: 'robin@example.com', APP_SECRET: 'test-secret-test-secret-test-secret-42', CONTENT_DIR: 'tests/fixtures/import/site' });
  resetEnvForTest();
});

describe.each(testDatabases)('comment import and export on $kind', ({ kind }) => {
  const database = useTestDatabase(kind);

  it('imports a WordPress export with its threads, statuses and the author, and adds nothing the second time', async () => {
    const first = await importComments(wxr);
    expect(first.ok).toBe(true);
    const { added, warnings } = (first as { value: { added: number; warnings: string[] } }).value;
    expect(added).toBeGreaterThan(4);
    expect(warnings.some((w) => /pingback/i.test(w))).toBe(true);
    const rows = await database().db.comment.findMany();
    expect(rows).toHaveLength(added);
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(['published', 'pending', 'spam', 'deleted']));
    const author = rows.filter((r) => r.isAuthor);
    expect(author.length).toBeGreaterThan(0);
    expect(author.every((r) => r.authorName === 'Robin Hale')).toBe(true);
    // A reply keeps its parent, so the thread reads as it did.
    const replies = rows.filter((r) => r.parentId);
    expect(replies.length).toBeGreaterThan(0);
    expect(replies.every((r) => rows.some((p) => p.id === r.parentId && p.issueSlug === r.issueSlug))).toBe(true);

    const again = await importComments(wxr);
    expect(again).toMatchObject({ ok: true, value: { added: 0, skipped: added } });
    expect(await database().db.comment.count()).toBe(added);
    // Each import also reads the content folder to check every slug: seconds on a loaded machine.
  }, 30_000);

  it('imports a Disqus export into threads under the right issues', async () => {
    const result = await importComments(disqus);
    expect(result.ok).toBe(true);
    const { threads, count } = await getDiscussion('the-harbour-wall', { ownIds: new Set(), now: new Date() });
    expect(count).toBeGreaterThan(0);
    expect(threads.some((t) => t.replies.length > 0)).toBe(true);
    expect(await database().db.comment.count({ where: { importSource: 'disqus', status: 'spam' } })).toBeGreaterThan(0);
  });

  it('exports every comment as JSON that imports back into an empty database unchanged', async () => {
    await importComments(wxr);
    await importComments(disqus);
    const before = await database().db.comment.findMany({ orderBy: { id: 'asc' } });
    const json = await exportComments(new Date('2026-01-01T00:00:00Z'));
    expect(json).not.toContain('ipHash');
    await database().reset();
    const result = await importComments(json);
    expect(result).toMatchObject({ ok: true, value: { added: before.length } });
    const after = await database().db.comment.findMany({ orderBy: { id: 'asc' } });
    const shape = (r: (typeof before)[number]) => [r.id, r.parentId, r.issueSlug, r.authorName, r.authorEmail, r.isAuthor, r.body, r.status, r.createdAt.toISOString()];
    expect(after.map(shape)).toEqual(before.map(shape));
    // Three imports of some forty comments, one by one: seconds on a loaded machine.
  }, 30_000);

  it('refuses a file that is no known export', async () => {
    expect(await importComments('just some text')).toMatchObject({ ok: false, error: 'unknown-format' });
    expect(await importComments('<rss><channel><item>')).toMatchObject({ ok: false });
  });
});
