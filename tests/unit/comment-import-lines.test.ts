import { describe, expect, it } from 'vitest';
import { parseImportArguments } from '@/lib/comments/import/arguments';
import { shown } from '@/lib/comments/import/fields';
import { jsonIdLines, lineCounter } from '@/lib/comments/import/lines';

describe('lines of an export file', () => {
  it('maps offsets to 1-based lines, CRLF or LF', () => {
    const lineAt = lineCounter('a\r\nbb\n\nc');
    expect([0, 1, 2, 3, 4, 5, 6, 7].map(lineAt)).toEqual([1, 1, 1, 2, 2, 2, 3, 4]);
  });

  it("finds each comment's id key in Masthead JSON, not look-alikes inside strings", () => {
    const text = JSON.stringify({ comments: [{ id: 'a', body: '"id": "b"' }, { parentId: 'a', id: 'b' }] }, null, 2);
    const lines = jsonIdLines(text);
    expect(lines.get('a')).toBe(text.split('\n').findIndex((l) => l.includes('"id": "a"')) + 1);
    expect(lines.get('b')).toBe(text.split('\n').findIndex((l) => l.trim() === '"id": "b"') + 1);
  });

  it('stays linear on a large file full of ids and escapes', () => {
    const comments = Array.from({ length: 20_000 }, (_, i) => ({ id: `c${i}`, body: '\\"id\\": '.repeat(20) }));
    const text = JSON.stringify({ comments }, null, 2);
    const started = performance.now();
    const lines = jsonIdLines(text);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(lines.size).toBe(20_000);
  });
});

describe('values shown in warnings', () => {
  it('escapes control, bidi and invisible characters and shortens long values', () => {
    expect(shown('Mallory\u0000\u202eX\u200b')).toBe('"Mallory\\u0000\\u202eX\\u200b"');
    expect(shown('\u001b[31mred')).toBe('"\\u001b[31mred"');
    expect(shown('x'.repeat(500))).toBe(`"${'x'.repeat(80)}…"`);
  });
});

describe('comments:import arguments', () => {
  it('reads the file, repeated --author-email and --slug old=new', () => {
    expect(parseImportArguments(['export.xml', '--author-email', 'old@example.org', '--author-email', ' new@example.org', '--slug', 'Old-Post=new-post'])).toEqual({
      ok: true,
      value: { file: 'export.xml', authorEmails: ['old@example.org', 'new@example.org'], slugMap: new Map([['old-post', 'new-post']]) },
    });
    expect(parseImportArguments(['export.xml'])).toEqual({ ok: true, value: { file: 'export.xml', slugMap: new Map() } });
  });

  it('refuses what it cannot use', () => {
    for (const argv of [[], ['a.xml', 'b.xml'], ['a.xml', '--author-email', 'a@x.org, b@y.org'], ['a.xml', '--slug', 'a=b=c'], ['a.xml', '--slug', '../etc=x'], ['a.xml', '--unknown']]) {
      expect(parseImportArguments(argv)).toMatchObject({ ok: false });
    }
  });
});
