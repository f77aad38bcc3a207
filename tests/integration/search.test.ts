// Search against a real database: the fixture newsletter's issues ranked by title, summary and
// body, published comments as a second section, and nothing readers cannot see (drafts, scheduled
// issues, pending, spam or deleted comments). The index follows comments as they are posted,
// approved, edited and deleted, through the comment service itself.
import { beforeAll, describe, expect, it } from 'vitest';
import type { RequestContext } from '@/lib/comments/context';
import { createReaderFormToken } from '@/lib/comments/form-guard';
import { moderateComment } from '@/lib/comments/moderation';
import { createComment, deleteComment, editComment } from '@/lib/comments/service';
import { resetEnvForTest } from '@/lib/env';
import { searchSite, type SearchOutcome } from '@/lib/search/service';
import { testDatabases, useTestDatabase } from '../support/databases';

const SLUG = 'keeping-a-lab-notebook';
const T0 = new Date('2026-03-01T10:00:00Z');

beforeAll(() => {
  Object.assign(process.env, { COMMENTS_RATE_LIMIT: 'off', COMMENTS_MIN_SECONDS: '0', COMMENTS_MODERATION: 'post', COMMENTS_NOTIFY: 'off', APP_SECRET: 'test-secret-test-secret-test-secret-42' });
  resetEnvForTest();
});

let clock = T0.getTime();
const ctx = (over: Partial<RequestContext> = {}): RequestContext => ({ ip: '203.0.113.9', now: new Date((clock += 1000)), isAuthor: false, ownIds: new Set(), ...over });
async function post(body: string, over: Record<string, unknown> = {}, c: Partial<RequestContext> = {}) {
  const result = await createComment({ slug: SLUG, body, name: 'Ada', formToken: createReaderFormToken(SLUG, T0), notifyReplies: 'off', ...over }, ctx(c));
  if (!result.ok) throw new Error(`expected a comment, got ${result.error}`);
  return result.value;
}
function results(outcome: SearchOutcome) {
  if (outcome.kind !== 'results') throw new Error(`expected results, got ${outcome.kind}`);
  return outcome;
}
const slugsFor = async (q: string, now?: Date) => results(await searchSite(q, now)).issues.map((i) => i.slug);
const commentIds = async (q: string) => results(await searchSite(q)).comments.map((c) => c.id);

describe.each(testDatabases)('search on $kind', ({ kind }) => {
  useTestDatabase(kind);

  it('finds issues by title, summary and body, the title match first, with marked excerpts', async () => {
    expect(await slugsFor('notebook')).toEqual([SLUG]); // title and body
    expect(await slugsFor('hypothesis')).toEqual([SLUG]); // body only
    expect(await slugsFor('database')).toEqual(['the-quiet-migration']); // summary
    // "migration" is in one title, and in no other issue; "team" in two bodies.
    expect((await slugsFor('team')).sort()).toEqual(['keeping-a-lab-notebook', 'small-tools-sharp-edges']);
    // "edges" is in one issue's title and in the other's body (a link to it): the title wins.
    expect(await slugsFor('edges')).toEqual(['small-tools-sharp-edges', 'keeping-a-lab-notebook']);
    const [hit] = results(await searchSite('Hypothesis')).issues;
    expect(hit!.excerptHtml).toContain('<mark>hypothesis</mark>');
    expect(results(await searchSite('quiet')).issues[0]!.titleHtml).toBe('The <mark>quiet</mark> migration');
  });

  it('needs every word to match', async () => {
    expect(await slugsFor('notebook hypothesis')).toEqual([SLUG]);
    expect(await slugsFor('notebook drawer')).toEqual([]);
  });

  it('never shows a draft, nor an issue before its time', async () => {
    expect(await slugsFor('half thought')).toEqual([]); // the draft's body
    expect(await slugsFor('notebook', new Date('2025-02-01T00:00:00Z'))).toEqual([]); // not live yet then
    expect(await slugsFor('notebook')).toEqual([SLUG]); // and the index follows when it is
  });

  it('lists published comments only, and follows them as they are posted, approved, edited and deleted', async () => {
    const shown = await post('Marmalade is the real hypothesis here.');
    expect(await commentIds('marmalade')).toEqual([shown.id]);
    const [view] = results(await searchSite('marmalade')).comments;
    expect(view).toMatchObject({ slug: SLUG, issueTitle: 'Keeping a lab notebook', name: 'Ada', isAuthor: false });
    expect(view!.excerptHtml).toContain('<mark>Marmalade</mark>');

    // Held (more links than COMMENTS_MAX_LINKS): not found until approved.
    const held = await post('Marmalade links https://a.example https://b.example https://c.example https://d.example');
    expect(held.status).toBe('pending');
    expect(await commentIds('marmalade')).toEqual([shown.id]);
    expect((await moderateComment({ id: held.id, action: 'approve' })).ok).toBe(true);
    expect((await commentIds('marmalade')).sort()).toEqual([held.id, shown.id].sort());

    const owner = { ownIds: new Set([shown.id]) };
    expect((await editComment(shown.id, { body: 'Quince, on second thought.' }, ctx(owner))).ok).toBe(true);
    expect(await commentIds('marmalade')).toEqual([held.id]);
    expect(await commentIds('quince')).toEqual([shown.id]);

    expect((await deleteComment(shown.id, ctx(owner))).ok).toBe(true);
    expect(await commentIds('quince')).toEqual([]);
    expect((await moderateComment({ id: held.id, action: 'spam' })).ok).toBe(true);
    expect(await commentIds('marmalade')).toEqual([]);
  });

  it('matches words whatever their accents or case, and reads CJK text without failing', async () => {
    const accented = await post('Un café crème, s’il vous plaît. 東京 の ノート');
    expect(await commentIds('CRÈME')).toEqual([accented.id]);
    expect(await commentIds('東京')).toEqual([accented.id]);
    if (kind === 'sqlite') expect(await commentIds('creme')).toEqual([accented.id]); // FTS5 removes diacritics
  });
});
