import { describe, expect, it, beforeEach } from 'vitest';
import { createComment } from '@/lib/comments/service';
import { testDatabases, useTestDatabase } from '../support/databases';
import { postAsReader, readerCtx, readerForm, SLUG, useDefaultCommentSettings } from './support/readers';

const ORIGINAL = 'Great post, thank you for writing it';

// Issue 10 point 13: each of these got through the byte-identical check.
const VARIANTS: Array<[string, string]> = [
  ['upper case', 'GREAT POST, THANK YOU FOR WRITING IT'],
  ['a doubled space', 'Great post,  thank you for writing it'],
  ['a trailing period', 'Great post, thank you for writing it.'],
  ['trailing exclamation marks', 'Great post, thank you for writing it!!!'],
  ['a zero-width space', 'Great post, thank\u200B you for writing it'],
  ['a soft hyphen and a BOM', 'Great po\u00ADst, thank you for writing it\uFEFF'],
  ['a newline for a space', 'Great post,\nthank you for writing it'],
  ['fullwidth letters', 'Ｇｒｅａｔ post, thank you for writing it'],
];

describe.each(testDatabases)('duplicate comments on $kind', ({ kind }) => {
  const database = useTestDatabase(kind);
  beforeEach(() => useDefaultCommentSettings());

  it.each(VARIANTS)('refuses the same comment again with %s', async (_what, variant) => {
    await postAsReader({ body: ORIGINAL });
    const again = await createComment(readerForm({ body: variant }), readerCtx());
    expect(again).toMatchObject({ ok: false, error: 'duplicate', fieldErrors: { body: ['This comment has already been posted.'] } });
    expect(await database().db.comment.count()).toBe(1);
  });

  it('still accepts different words, and the same words on another issue', async () => {
    await postAsReader({ body: ORIGINAL });
    await postAsReader({ body: 'Great post, thank you for writing this' });
    await postAsReader({ body: ORIGINAL, slug: 'small-tools-sharp-edges' });
    expect(await database().db.comment.count({ where: { issueSlug: SLUG } })).toBe(2);
    expect(await database().db.comment.count()).toBe(3);
  });

  it('compares with comments stored before the key existed', async () => {
    const old = await postAsReader({ body: ORIGINAL });
    await database().db.comment.update({ where: { id: old.id }, data: { bodyKey: null } });
    expect(await createComment(readerForm({ body: `${ORIGINAL.toUpperCase()}.` }), readerCtx())).toMatchObject({ error: 'duplicate' });
    expect((await database().db.comment.findUnique({ where: { id: old.id } }))?.bodyKey).toMatch(/^[0-9a-f]{64}$/);
  });
});
