// Comment feeds carry readers' words into XML: whatever a comment or a name holds, the feed stays
// well-formed and the words stay text (no markup, no CDATA break-out, nothing XML forbids).
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { getIssueCommentFeed } from '@/lib/feeds/comments-feed';
import { buildCommentAtom } from '@/lib/feeds/comment-atom';
import { testDatabases, useTestDatabase } from '../support/databases';

const SLUG = 'keeping-a-lab-notebook';
const site = { url: 'https://notes.example.com', title: 'Notes', description: 'D', author: 'Robin Hale', lang: 'en' };
const HOSTILE = [
  'ends the section ]]> <script>alert(1)</script>',
  'a NUL \u0000 a bell \u0007 a form feed \f and U+FFFF \uffff',
  'bidi \u202Egnp.exe\u202C and \u2066isolate\u2069',
  '</content></entry><entry><title>forged</title>',
  '&amp; &lt; & < > " \' <!-- --> <?xml?> <!DOCTYPE x [<!ENTITY e "boom">]> &e;',
];
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', processEntities: true, isArray: (n) => n === 'entry' });
type Entry = { title: string; author: { name: string }; content: { '#text': string } };
function parse(xml: string): Entry[] {
  expect(XMLValidator.validate(xml)).toBe(true);
  expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/);
  expect(xml).not.toContain('<!DOCTYPE');
  expect(xml).not.toContain('<script');
  return (parser.parse(xml) as { feed: { entry: Entry[] } }).feed.entry;
}

describe('the comment feed builder', () => {
  it('keeps every hostile name and text as text in a well-formed feed', () => {
    const xml = buildCommentAtom(site, { slug: 'x', title: HOSTILE[0]! }, HOSTILE.map((text, i) => ({
      id: `id-${i}"><x`, issueSlug: 'x', issueTitle: text, name: text, isAuthor: i === 0, html: `<p>${text.replace(/</g, '&lt;')}</p>`, createdAt: new Date(0), editedAt: null,
    })));
    const entries = parse(xml);
    expect(entries).toHaveLength(HOSTILE.length); // no entry forged, none swallowed
    expect(entries[3]!.author.name).toBe('</content></entry><entry><title>forged</title>');
    expect(entries[2]!.author.name).toContain('\u202E'); // bidi controls are legal XML text; readers show them as text
    expect(xml).toContain('href="https://notes.example.com/x#comment-id-0%22%3E%3Cx"');
  });
});

describe.each(testDatabases)('a comment feed of hostile comments on $kind', ({ kind }) => {
  const database = useTestDatabase(kind);
  it('is well-formed and shows each comment’s words, not its markup', async () => {
    let n = 0;
    // PostgreSQL refuses NUL in text outright (the comment form refuses control characters first): the builder test covers it.
    for (const body of HOSTILE.map((t) => t.replace(/\u0000/g, ''))) {
      await database().db.comment.create({ data: { id: `h${++n}`, issueSlug: SLUG, body, authorName: body.slice(0, 80), status: 'published', createdAt: new Date(Date.UTC(2026, 0, 1, 0, n)) } });
    }
    const entries = parse((await getIssueCommentFeed(SLUG))!);
    expect(entries).toHaveLength(HOSTILE.length);
    const forged = entries.find((e) => e.author.name.startsWith('</content>'))!;
    // The comment's HTML has no tag but its own paragraph: every `<` the reader typed is an entity in it.
    for (const e of entries) expect(e.content['#text'].replace(/<\/?p>/g, '')).not.toContain('<');
    expect(forged.content['#text']).toContain('&#x3C;/content>&#x3C;/entry>');
  });
});
