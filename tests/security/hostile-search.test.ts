// Hostile queries against real databases: search syntax, huge and odd input, SQL injection shapes
// and look-alikes never reach the database as anything but quoted words, never fail, and never
// find what readers cannot see. What is shown back is escaped.
import { describe, expect, it } from 'vitest';
import { searchSite, type SearchOutcome } from '@/lib/search/service';
import { testDatabases, useTestDatabase } from '../support/databases';

const SLUG = 'keeping-a-lab-notebook';
const HOSTILE = [
  '"unbalanced', 'notebook"', '""', 'NEAR(', 'NEAR(notebook tools, 2)', 'notebook*', '*', '-notebook', 'NOT notebook', 'notebook OR', 'AND',
  'title:notebook', '{title summary}: notebook', '^notebook', 'notebook + tools', '(notebook', 'notebook)', ':', "'", "''; DROP TABLE \"Comment\"; --",
  "' OR 1=1 --", '%', '%notebook%', '_', '\\', '$1', '?', 'notebook\u0000', '\u0000', 'note\r\nbook', '\r\n', 'notebook\u202E', '<script>alert(1)</script>',
  '&amp;', 'ｎｏｔｅｂｏｏｋ', 'nоtebook' /* Cyrillic о */, '\uD800', 'x'.repeat(10_240), 'notebook '.repeat(1200), '🙂'.repeat(300), '東京'.repeat(150), 'é'.normalize('NFD').repeat(500),
];

function shown(outcome: SearchOutcome): string {
  return outcome.query.text;
}

describe.each(testDatabases)('hostile search queries on $kind', ({ kind }) => {
  const database = useTestDatabase(kind);

  it('are answered, never with an error, and stay within the length cap', async () => {
    for (const q of HOSTILE) {
      const outcome = await searchSite(q);
      expect(['empty', 'no-words', 'results']).toContain(outcome.kind);
      expect([...shown(outcome)].length).toBeLessThanOrEqual(200);
      expect(shown(outcome)).not.toMatch(/[\u0000\r\n\u202E]/);
    }
    expect(await database().db.comment.count()).toBe(0); // nothing was dropped or written: the table is still there
  }, 60_000); // outside production the content folder is read again for every search

  it('treat syntax as words: operators find what the plain words find', async () => {
    const plain = await searchSite('notebook');
    if (plain.kind !== 'results') throw new Error('expected results');
    expect(plain.issues.map((i) => i.slug)).toEqual([SLUG]);
    for (const q of ['"notebook', 'notebook*', '(notebook)', 'notebook^', '-notebook', '%notebook%', 'ｎｏｔｅｂｏｏｋ', 'notebook\u0000']) {
      const outcome = await searchSite(q);
      if (outcome.kind !== 'results') throw new Error(`${q}: expected results, got ${outcome.kind}`);
      expect(outcome.issues.map((i) => i.slug), q).toEqual([SLUG]);
    }
    // "NEAR" and "title" are words here, found in no issue together with notebook.
    for (const q of ['notebook NEAR', 'NEAR(notebook', 'title:notebook']) {
      const outcome = await searchSite(q);
      expect(outcome.kind === 'results' && outcome.issues.length, q).toBe(0);
    }
  });

  it('find nothing for a look-alike, rather than something else', async () => {
    const outcome = await searchSite('nоtebook'); // Cyrillic о
    expect(outcome.kind === 'results' && outcome.issues.length).toBe(0);
  });

  it('show markup in a query or a comment as text', async () => {
    await database().db.comment.create({ data: { id: 'x1', issueSlug: SLUG, body: 'ok <img src=x onerror=alert(1)> marmalade </mark><script>', status: 'published' } });
    const outcome = await searchSite('"marmalade');
    if (outcome.kind !== 'results') throw new Error('expected results');
    const [comment] = outcome.comments;
    expect(comment!.excerptHtml).toBe('ok &lt;img src=x onerror=alert(1)&gt; <mark>marmalade</mark> &lt;/mark&gt;&lt;script&gt;');
    expect((await searchSite('<b>marmalade</b>')).query.text).toBe('<b>marmalade</b>'); // escaped where it is shown (tests/integration/search-server.test.ts)
  });

  it('never find a comment that is pending, spam or deleted, or one on a draft', async () => {
    const rows = [
      { id: 'p1', issueSlug: SLUG, status: 'pending' },
      { id: 's1', issueSlug: SLUG, status: 'spam' },
      { id: 'd1', issueSlug: SLUG, status: 'deleted' },
      { id: 'r1', issueSlug: 'a-draft-in-progress', status: 'published' },
      { id: 'u1', issueSlug: 'no-such-issue', status: 'published' },
    ];
    for (const row of rows) await database().db.comment.create({ data: { ...row, body: 'Zanzibar hidden words' } });
    const outcome = await searchSite('zanzibar');
    expect(outcome.kind === 'results' && outcome.comments).toEqual([]);
  });
});
