import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectAndParse, detectFormat } from '@/lib/comments/import/detect';
import { parseDisqus } from '@/lib/comments/import/disqus';
import { parseMastheadJson, serializeExport, type CommentExportRow } from '@/lib/comments/import/json';
import { htmlToMarkdown } from '@/lib/comments/import/html';
import type { ImportedComment, ImportResult } from '@/lib/comments/import/types';
import { parseWxr } from '@/lib/comments/import/wxr';
import { renderCommentMarkdown } from '@/lib/comments/markdown';
import type { Result } from '@/lib/result';
import { isRoughlyLinear } from '../security/support/timing';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/import/${name}`, import.meta.url), 'utf8');
const options = { authorEmails: ['Robin@Example.com'], authorName: 'Robin Hale' };

function value(result: Result<ImportResult, string>): ImportResult {
  if (!result.ok) throw new Error(`expected ok, got ${result.error}: ${JSON.stringify(result.fieldErrors)}`);
  return result.value;
}
const byId = (comments: ImportedComment[], id: string) => {
  const comment = comments.find((c) => c.externalId === id);
  if (!comment) throw new Error(`no comment ${id}`);
  return comment;
};

describe('WordPress WXR', () => {
  const { comments, warnings } = value(parseWxr(fixture('wordpress.wxr.xml'), options));

  it('imports every comment on posts, skipping the pingback and the page comment with warnings', () => {
    expect(comments.map((c) => c.externalId).sort()).toEqual(['101', '102', '103', '104', '105', '201', '202', '203']);
    expect(comments.every((c) => c.source === 'wordpress')).toBe(true);
    expect(warnings).toEqual([
      'line 139: skipped pingback 106 on "mending-the-nets"',
      'line 223: skipped 1 comment(s) on the page "about": only posts are issues',
      expect.stringMatching(/^line 207: comment 203: the name "Robin Hale" passes for the author/),
    ]);
  });

  it('maps slugs, the three-level thread and moderation states', () => {
    expect(comments.filter((c) => c.issueSlug === 'mending-the-nets')).toHaveLength(5);
    expect(comments.filter((c) => c.issueSlug === 'letters-from-the-ferry')).toHaveLength(3);
    expect(byId(comments, '101').parentExternalId).toBeNull();
    expect(byId(comments, '102').parentExternalId).toBe('101');
    expect(byId(comments, '103').parentExternalId).toBe('102');
    expect(Object.fromEntries(comments.map((c) => [c.externalId, c.status]))).toEqual({
      '101': 'published', '102': 'published', '103': 'published', '104': 'pending',
      '105': 'spam', '201': 'published', '202': 'deleted', '203': 'published',
    });
  });

  it('takes the GMT date as UTC and lists parents before their replies', () => {
    expect(byId(comments, '101').createdAt.toISOString()).toBe('2023-03-02T09:15:00.000Z');
    expect(byId(comments, '103').createdAt.toISOString()).toBe('2023-03-03T07:05:00.000Z');
    const position = (id: string) => comments.findIndex((c) => c.externalId === id);
    expect(position('101')).toBeLessThan(position('102'));
    expect(position('102')).toBeLessThan(position('103'));
  });

  it("flags the signed-in author's comment, not a guest who borrows the name and address", () => {
    expect(comments.filter((c) => c.isAuthor).map((c) => c.externalId)).toEqual(['102']);
    // The guest's borrowed name is dropped (the form would refuse it); the comment stays.
    expect(byId(comments, '203')).toMatchObject({ authorName: null, authorEmail: 'robin@example.com', isAuthor: false });
    expect(byId(comments, '101')).toMatchObject({ authorName: 'Ada Park', authorEmail: 'ada@example.org' });
  });

  it('turns comment HTML into Markdown text with entities decoded and scripts dropped', () => {
    expect(byId(comments, '101').body).toBe(
      'This matches what I saw at two startups — the first ten set the culture.\n\n' +
        // remark-stringify escapes an `&` before a letter (it could start a character reference); the reader sees it plain.
        'Did you use **take-home** tasks? We found [this write-up](https://example.org/take-home-study?ref=notes\\&v=2) useful & fair.',
    );
    expect(renderCommentMarkdown(byId(comments, '101').body)).toContain('<a href="https://example.org/take-home-study?ref=notes&#x26;v=2" rel="nofollow ugc noopener">this write-up</a> useful &#x26; fair.');
    expect(byId(comments, '102').body).toBe('Thanks Ada! We did, but we paid for them. *Always* pay for a candidate’s time.');
    expect(byId(comments, '103').body).toBe('How much did you pay?\nWe’re debating $100 vs $250 for a four-hour task.');
    expect(byId(comments, '201').body).toBe('`git commit -m "draft"` is my whole writing process.\nJoking. Mostly.');
  });
});

describe('Disqus', () => {
  const { comments, warnings } = value(parseDisqus(fixture('disqus.xml'), options));

  it('maps every post to its thread slug, parent and status', () => {
    expect(warnings).toEqual([expect.stringMatching(/^line 130: comment 9000007: the name "Robin Hale" passes for the author/)]);
    expect(comments.map((c) => [c.externalId, c.issueSlug, c.parentExternalId, c.status])).toEqual([
      ['9000001', 'the-harbour-wall', null, 'published'],
      ['9000002', 'the-harbour-wall', '9000001', 'published'],
      ['9000003', 'the-harbour-wall', '9000002', 'published'],
      ['9000004', 'the-harbour-wall', '9000003', 'deleted'],
      ['9000005', 'letters-from-the-ferry', null, 'spam'],
      ['9000006', 'letters-from-the-ferry', null, 'published'],
      ['9000007', 'letters-from-the-ferry', '9000006', 'published'],
    ]);
    expect(comments.every((c) => c.source === 'disqus')).toBe(true);
  });

  it("flags the author's account by its email, never an anonymous guest", () => {
    expect(comments.filter((c) => c.isAuthor).map((c) => c.externalId)).toEqual(['9000002']);
    expect(byId(comments, '9000007')).toMatchObject({ authorName: null, isAuthor: false });
  });

  it('keeps dates in UTC and converts the HTML messages', () => {
    expect(byId(comments, '9000002').createdAt.toISOString()).toBe('2022-10-03T14:02:10.000Z');
    expect(byId(comments, '9000001').body).toBe('We moved back to a single Postgres box and <3 it.\n\nUptime went *up*, not down.');
    expect(byId(comments, '9000002').body).toBe(
      'Same here. I wrote up the migration [in another issue](https://notes.example.com/letters-from-the-ferry).',
    );
    expect(byId(comments, '9000003').body).toBe("Which Postgres version?\nWe're stuck on 12.");
    expect(byId(comments, '9000006').body).toBe('“Letters from the ferry” — a **bold** claim. Our design docs start with `<h1>Why</h1>`.');
  });

  it('skips posts whose thread is unknown, and detaches replies to missing parents', () => {
    const xml = `<disqus xmlns:dsq="x"><thread dsq:id="1"><link>https://notes.example.com/A-Slug/?utm=x</link></thread>
      <post dsq:id="p1"><message>Hi</message><createdAt>2020-05-01T10:00:00Z</createdAt><thread dsq:id="9"/></post>
      <post dsq:id="p2"><message>Re</message><createdAt>2020-05-01T11:00:00</createdAt><thread dsq:id="1"/><parent dsq:id="gone"/></post></disqus>`;
    const result = value(parseDisqus(xml, options));
    expect(result.comments).toEqual([
      expect.objectContaining({ externalId: 'p2', issueSlug: 'a-slug', parentExternalId: null, createdAt: new Date('2020-05-01T11:00:00Z') }),
    ]);
    expect(result.warnings).toHaveLength(2);
  });
});

describe('link safety', () => {
  it('keeps only http(s) and mailto links', () => {
    const xml = `<disqus xmlns:dsq="x"><thread dsq:id="1"><link>https://n.example.com/a</link></thread><post dsq:id="p"><message><![CDATA[<a href="javascript:alert(1)">click</a> <a href='https://example.org/a (b)'>ok</a>]]></message><createdAt>2020-05-01T10:00:00Z</createdAt><thread dsq:id="1"/></post></disqus>`;
    expect(value(parseDisqus(xml, options)).comments[0]?.body).toBe('click [ok](https://example.org/a%20%28b%29)');
  });
});

describe('comment HTML to Markdown', () => {
  it('keeps what the comment form takes, and what reads as Markdown only when the writer meant it', () => {
    expect(htmlToMarkdown('<h2>Hi</h2><ul><li>one</li><li><em>two</em></li></ul><p>2 * 3 = 6, [sic] _x_</p><img src="https://a.example/i.png" alt="i">')).toBe(
      'Hi\n\n- one\n- *two*\n\n2 \\* 3 = 6, \\[sic] \\_x\\_',
    );
    expect(renderCommentMarkdown(htmlToMarkdown('<p>2 * 3 = 6, [sic] _x_</p>'))).toBe('<p>2 * 3 = 6, [sic] _x_</p>');
    expect(htmlToMarkdown('line one\nline two\n\nnext paragraph<pre><code>keep\n  indent</code></pre>')).toBe('line one\nline two\n\nnext paragraph\n\n```\nkeep\n  indent\n```');
  });
  it('imports markup heavier than any real comment as its text', () => {
    const heavy = `${'<b>'.repeat(150)}Hello *there*${'</b>'.repeat(150)}`;
    expect(htmlToMarkdown(heavy)).toBe('Hello \\*there\\*');
  });
});

describe('Masthead JSON', () => {
  const rows: CommentExportRow[] = [
    { id: 'cmt_aaaaaa', parentId: null, issueSlug: 'letters-from-the-ferry', authorName: 'Ada Park', authorEmail: 'ada@example.org', isAuthor: false, body: 'First!\n\nWith *Markdown*.', status: 'published', createdAt: new Date('2024-01-02T03:04:05.000Z'), editedAt: new Date('2024-01-02T03:10:00.000Z'), notifyReplies: true },
    { id: 'cmt_bbbbbb', parentId: 'cmt_aaaaaa', issueSlug: 'letters-from-the-ferry', authorName: 'Robin Hale', authorEmail: 'robin@example.com', isAuthor: true, body: 'Thanks.', status: 'published', createdAt: new Date('2024-01-02T04:00:00.000Z'), editedAt: null, notifyReplies: false },
    { id: 'cmt_cccccc', parentId: null, issueSlug: 'the-harbour-wall', authorName: null, authorEmail: null, isAuthor: false, body: 'gone', status: 'deleted', createdAt: new Date('2024-02-01T00:00:00.000Z'), editedAt: null, notifyReplies: false },
  ];
  const now = new Date('2024-03-01T12:00:00.000Z');

  it('round-trips: serialize then parse gives the same comments back', () => {
    const text = serializeExport(rows, now);
    expect(JSON.parse(text)).toMatchObject({ format: 'masthead-comments', version: 1, exportedAt: '2024-03-01T12:00:00.000Z' });
    const { comments, warnings } = value(parseMastheadJson(text, options));
    expect(warnings).toEqual([]);
    expect(comments).toEqual(
      rows.map(({ id, parentId, ...rest }) => ({ source: 'masthead', externalId: id, parentExternalId: parentId, line: expect.any(Number), ...rest })),
    );
    // Each comment's line is where its id stands in the pretty-printed file.
    expect(comments.map((c) => text.split('\n')[c.line - 1])).toEqual(rows.map((r) => `      "id": "${r.id}",`));
  });

  it('writes only the export fields, whatever else a stored row holds', () => {
    const withSecrets = [{ ...rows[0]!, ipHash: 'secret', editToken: 'secret' }];
    expect(serializeExport(withSecrets, now)).not.toContain('secret');
  });

  it('rejects text that is not JSON, another format or another version', () => {
    expect(parseMastheadJson('{ not json', options)).toEqual({ ok: false, error: 'invalid', fieldErrors: { file: ['The file is not valid JSON'] } });
    const v2 = serializeExport(rows, now).replace('"version": 1', '"version": 2');
    expect(parseMastheadJson(v2, options)).toMatchObject({ ok: false, error: 'invalid', fieldErrors: { version: expect.any(Array) } });
    const badDate = serializeExport(rows, now).replace('2024-01-02T04:00:00.000Z', 'yesterday');
    expect(parseMastheadJson(badDate, options)).toMatchObject({ ok: false, error: 'invalid', fieldErrors: { 'comments.1.createdAt': expect.any(Array) } });
    expect(parseMastheadJson('{"format":"something-else"}', options)).toMatchObject({ ok: false, error: 'invalid' });
  });
});

describe('detectAndParse', () => {
  it('recognises each format and reads it', () => {
    expect(detectFormat(fixture('wordpress.wxr.xml'))).toBe('wordpress');
    expect(detectFormat(`\uFEFF${fixture('disqus.xml')}`)).toBe('disqus');
    expect(detectFormat('  {"format":"masthead-comments"}')).toBe('masthead');
    expect(value(detectAndParse(fixture('wordpress.wxr.xml'), options)).comments).toHaveLength(8);
    expect(value(detectAndParse(fixture('disqus.xml'), options)).comments).toHaveLength(7);
  });

  it('refuses other files as unknown-format', () => {
    expect(detectAndParse('<rss version="2.0"><channel></channel></rss>', options)).toEqual({ ok: false, error: 'unknown-format' });
    expect(detectAndParse('id,body\n1,hello', options)).toEqual({ ok: false, error: 'unknown-format' });
    expect(detectAndParse('', options)).toEqual({ ok: false, error: 'unknown-format' });
  });
});

describe('hostile and broken files', () => {
  const disqus = (prolog: string, message: string) =>
    `<?xml version="1.0"?>${prolog}<disqus xmlns:dsq="x"><thread dsq:id="1"><link>https://n.example.com/a</link></thread>` +
    `<post dsq:id="p"><message>${message}</message><createdAt>2020-01-01T00:00:00Z</createdAt><thread dsq:id="1"/></post></disqus>`;

  it('returns invalid for malformed XML instead of throwing', () => {
    expect(detectAndParse('<disqus><post dsq:id="1"><message>unclosed', options)).toMatchObject({ ok: false, error: 'invalid' });
    const truncated = fixture('wordpress.wxr.xml').slice(0, 5000);
    expect(detectAndParse(truncated, options)).toMatchObject({ ok: false, error: 'invalid', fieldErrors: { file: [expect.any(String)] } });
  });

  it('does not expand nested entities ("billion laughs")', () => {
    const entities = ['<!ENTITY lol0 "lol">'];
    for (let i = 1; i < 10; i++) entities.push(`<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`);
    // An entity whose value holds a reference is never registered, so the reference stays as text.
    const { comments } = value(detectAndParse(disqus(`<!DOCTYPE disqus [${entities.join('')}]>`, '&lol9;'), options));
    expect(comments[0]?.body).toBe('\\&lol9;');
    expect(renderCommentMarkdown(comments[0]!.body)).toBe('<p>&#x26;lol9;</p>');
  });

  it('refuses a large expansion of a flat entity and external entities', () => {
    const quadratic = disqus(`<!DOCTYPE disqus [<!ENTITY a "${'x'.repeat(900)}">]>`, '&a;'.repeat(10_000));
    expect(detectAndParse(quadratic, options)).toMatchObject({ ok: false, error: 'invalid' });
    const external = disqus('<!DOCTYPE disqus [<!ENTITY ext SYSTEM "file:///etc/passwd">]>', '&ext;');
    expect(detectAndParse(external, options)).toMatchObject({ ok: false, error: 'invalid' });
  });

  it('refuses absurdly deep nesting', () => {
    expect(detectAndParse(disqus('', `${'<b>'.repeat(500)}${'</b>'.repeat(500)}`), options)).toMatchObject({ ok: false, error: 'invalid' });
  });

  it('reads a large export with a long reply chain in time linear in its length', () => {
    // A reply chain 10,000 deep: ordering parents before replies must not be quadratic. Timed as
    // the security suites time hostile input (CPU time, against a tenth of the input): an absolute
    // budget on these shared machines measured the machine, not the code.
    const exportOf = (n: number) => {
      const posts = Array.from(
        { length: n },
        (_, i) =>
          `<post dsq:id="${i}"><message><![CDATA[<p>Reply ${i} &amp; <a href="https://e.example.com/">more</a></p>]]></message>` +
          `<createdAt>2020-01-01T00:00:00Z</createdAt><thread dsq:id="1"/>${i > 0 ? `<parent dsq:id="${i - 1}"/>` : ''}</post>`,
      );
      return `<disqus xmlns:dsq="x"><thread dsq:id="1"><link>https://n.example.com/a</link></thread>${posts.reverse().join('')}</disqus>`;
    };
    const cpuMs = () => {
      const { user, system } = process.cpuUsage();
      return (user + system) / 1000;
    };
    const timed = (xml: string) => {
      const start = cpuMs();
      const result = value(detectAndParse(xml, options));
      return { result, ms: cpuMs() - start };
    };
    timed(exportOf(100)); // warm-up
    const tenth = timed(exportOf(1_000));
    const full = timed(exportOf(10_000));
    expect(isRoughlyLinear({ full: full.ms, tenth: tenth.ms }), `${tenth.ms.toFixed(0)} ms → ${full.ms.toFixed(0)} ms`).toBe(true);
    const { comments } = full.result;
    expect(comments).toHaveLength(10_000);
    expect(comments[0]?.externalId).toBe('0');
    expect(comments.at(-1)?.externalId).toBe('9999');
  }, 120_000);

  it('breaks reply cycles and drops repeated ids with warnings', () => {
    const post = (id: string, parent: string) =>
      `<post dsq:id="${id}"><message>m</message><createdAt>2020-01-01T00:00:00Z</createdAt><thread dsq:id="1"/><parent dsq:id="${parent}"/></post>`;
    const xml = `<disqus xmlns:dsq="x"><thread dsq:id="1"><link>https://n.example.com/a</link></thread>${post('a', 'b')}${post('b', 'a')}${post('a', 'b')}</disqus>`;
    const { comments, warnings } = value(parseDisqus(xml, options));
    expect(comments.map((c) => [c.externalId, c.parentExternalId])).toEqual([['b', null], ['a', 'b']]);
    expect(warnings).toHaveLength(2);
  });
});
