// The comment feeds against a real database: only published comments of issues readers can see,
// newest first, absolute links to each comment's anchor, the author's replies marked, and never an
// email address.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { getIssueCommentFeed, getSiteCommentFeed } from '@/lib/feeds/comments-feed';
import { getEnv } from '@/lib/env';
import { testDatabases, useTestDatabase } from '../support/databases';

const SLUG = 'keeping-a-lab-notebook';
const OTHER = 'small-tools-sharp-edges';
const DRAFT = 'a-draft-in-progress';
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => name === 'entry' || name === 'link' || name === 'category' });

type Entry = { title: string; id: string; link: Array<{ '@href': string }>; author: { name: string }; category?: Array<{ '@term': string; '@label': string }>; content: { '#text': string; '@type': string } };
function entriesOf(xml: string): Entry[] {
  expect(XMLValidator.validate(xml)).toBe(true);
  return (parser.parse(xml) as { feed: { entry?: Entry[] } }).feed.entry ?? [];
}
const contents = (xml: string) => entriesOf(xml).map((e) => e.content['#text']);

describe.each(testDatabases)('comment feeds on $kind', ({ kind }) => {
  const database = useTestDatabase(kind);
  let n = 0;
  const insert = (over: Record<string, unknown>) =>
    database().db.comment.create({
      data: { id: `c${++n}`, issueSlug: SLUG, body: `Comment ${n}`, status: 'published', authorName: 'Ada', authorEmail: 'ada@example.com', createdAt: new Date(Date.UTC(2026, 0, 1, 0, n)), ...over },
    });

  it('list the published comments only, newest first, each linking to its anchor on the issue page', async () => {
    await insert({ body: 'The first published one' });
    await insert({ body: 'Waiting for approval', status: 'pending' });
    await insert({ body: 'Buy pills', status: 'spam' });
    await insert({ body: 'Taken back', status: 'deleted' });
    const newest = await insert({ body: 'The second published one', authorName: null });
    await insert({ body: 'On the other issue', issueSlug: OTHER });

    const xml = (await getIssueCommentFeed(SLUG))!;
    const entries = entriesOf(xml);
    expect(contents(xml)).toEqual(['<p>The second published one</p>', '<p>The first published one</p>']);
    expect(entries[0]!.link[0]!['@href']).toBe(`${getEnv().SITE_URL}/${SLUG}#comment-${newest.id}`);
    expect(entries[0]!.author.name).toBe('Anonymous');
    for (const hidden of ['Waiting for approval', 'Buy pills', 'Taken back', 'On the other issue']) expect(xml).not.toContain(hidden);
    expect(xml).not.toContain('ada@example.com');
    expect(xml).not.toMatch(/href="\//);

    expect(contents(await getSiteCommentFeed())).toEqual(['<p>On the other issue</p>', '<p>The second published one</p>', '<p>The first published one</p>']);
  });

  it('mark the author’s replies with an Atom category “Author”', async () => {
    const top = await insert({ body: 'A question' });
    await insert({ body: 'An answer', parentId: top.id, isAuthor: true, authorName: 'Robin Hale', authorEmail: 'robin@example.com' });
    const [answer, question] = entriesOf((await getIssueCommentFeed(SLUG))!);
    expect(answer!.category).toEqual([{ '@term': 'author', '@label': 'Author' }]);
    expect(answer!.title).toContain('Robin Hale (Author)');
    expect(question!.category).toBeUndefined();
  });

  it('exist only for issues readers can see', async () => {
    expect(await getIssueCommentFeed(DRAFT)).toBeNull();
    expect(await getIssueCommentFeed('no-such-issue')).toBeNull();
    await insert({ body: 'On a draft', issueSlug: DRAFT });
    expect(await getSiteCommentFeed()).not.toContain('On a draft');
  });

  it('carry at most 50 comments', async () => {
    for (let i = 0; i < 55; i++) await insert({});
    expect(entriesOf((await getIssueCommentFeed(SLUG))!)).toHaveLength(50);
  });
});
