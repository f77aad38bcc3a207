import { beforeEach, describe, expect, it } from 'vitest';
import { isAuthorName, isReservedName } from '@/lib/comments/impersonation';
import { createCommentSchema } from '@/lib/comments/schema';
import { createComment } from '@/lib/comments/service';
import { testDatabases, useTestDatabase } from '../support/databases';
import { postAsReader, readerCtx, readerForm, useDefaultCommentSettings } from './support/readers';

const AUTHOR = 'Vadim Kravcenko';

// Issue 10 point 7: each passed as the author. Escaped, since written out they look like Latin.
const LOOKALIKES: Array<[string, string]> = [
  ['\uA4E6adim \uA4D7ravcenko', 'Lisu ꓦ and ꓗ'],
  ['\u13D9adim Kravcenko', 'Cherokee Ꮩ'],
  ['Vadim Kravcenk\u2C9F', 'Coptic ⲟ'],
  ['Vadim Krav\u2CA5enko', 'Coptic ⲥ'],
  ['Vadim \u0138ravcenko', 'kra ĸ'],
  ['\u028Badim Kravcenko', 'v with hook ʋ'],
  ['\u2C71adim Kravcenko', 'v with right hook ⱱ'],
  ['Vad\u0268m Kravcenko', 'i with stroke ɨ'],
  ['Vadim \u049Bravcenko', 'Cyrillic қ'],
  ['Vadim Kravcenk\u1D13', 'sideways o with stroke ᴓ'],
  ['Vadim Kravcenk\u2D54', 'Tifinagh ⵔ'],
  ['Vadim Kravcenk\u0D20', 'Malayalam ഠ'],
];

// Invisible and bidi-control characters, in the middle of the author's name.
const INVISIBLES: Array<[string, string]> = [
  ['\u200B', 'zero-width space'], ['\u200C', 'zero-width non-joiner'], ['\u200D', 'zero-width joiner'],
  ['\u200E', 'left-to-right mark'], ['\u200F', 'right-to-left mark'], ['\u202A', 'LRE'], ['\u202B', 'RLE'],
  ['\u202C', 'PDF'], ['\u202D', 'LRO'], ['\u202E', 'RLO'], ['\u2066', 'LRI'], ['\u2067', 'RLI'], ['\u2068', 'FSI'],
  ['\u2069', 'PDI'], ['\uFEFF', 'BOM'], ['\u00AD', 'soft hyphen'], ['\u2060', 'word joiner'], ['\u034F', 'combining grapheme joiner'],
  ['\u3164', 'Hangul filler'], ['\u180E', 'Mongolian vowel separator'], ['\u061C', 'Arabic letter mark'],
];

const ROLE_NAMES = ['The Author', 'Moderator Team', 'Site Owner', 'Admin', 'Staff', 'Official', 'Site admin', 'TheAuthor',
  'SiteOwner', 'Official Staff', 'Vadim (Moderator)', 'the 4uth0r', 'A d m i n', 'Newsletter Editor', 'Webmaster'];

const ORDINARY = ['Vadim Petrov', 'José', '王伟', 'Zoë', 'Zoë ❤️', 'Adminah', 'Admiral', 'Authority', 'Modi', 'Mo Staffordshire',
  'Owens', 'Иван Петров', 'Nguyễn Văn An', 'محمد', 'Kravchuk', 'Vadim'];

describe('look-alike names', () => {
  it.each(LOOKALIKES)('refuses %j (%s) as the author', (name) => {
    expect(isAuthorName(name, AUTHOR)).toBe(true);
  });

  it.each(INVISIBLES)('sees the author through a %j (%s), and the form refuses it', (ch) => {
    const name = `Vadim${ch} Krav${ch}cenko`;
    expect(isAuthorName(name, AUTHOR)).toBe(true);
    expect(createCommentSchema.shape.name.safeParse(`A${ch}da`).success).toBe(false);
  });

  it.each(ROLE_NAMES)('reserves the role in %j', (name) => {
    expect(isReservedName(name, AUTHOR)).toBe(true);
  });

  it.each(ORDINARY)('lets %j post', (name) => {
    expect(isAuthorName(name, AUTHOR)).toBe(false);
    expect(isReservedName(name, AUTHOR)).toBe(false);
    expect(createCommentSchema.shape.name.safeParse(name).success).toBe(true);
  });
});

describe.each(testDatabases)('names through the comment service on $kind', ({ kind }) => {
  const database = useTestDatabase(kind);
  beforeEach(() => useDefaultCommentSettings({ AUTHOR_NAME: AUTHOR }));

  it('refuses look-alikes of the author and role words, storing nothing', async () => {
    for (const name of [LOOKALIKES[0]![0], 'Vadim\u202E Kravcenko', 'The Author', 'Moderator Team', 'Site Owner']) {
      const result = await createComment(readerForm({ name }), readerCtx());
      expect(result, name).toMatchObject({ ok: false });
      expect(['impersonation', 'invalid']).toContain((result as { error: string }).error);
    }
    expect(await createComment(readerForm({ name: 'Ada\u200B' }), readerCtx())).toMatchObject({
      ok: false, error: 'invalid', fieldErrors: { name: ['Name contains characters that are not allowed'] },
    });
    expect(await database().db.comment.count()).toBe(0);
  });

  it('stores ordinary names exactly as typed', async () => {
    for (const name of ['Vadim Petrov', 'José', '王伟', 'Zoë']) expect((await postAsReader({ name })).authorName).toBe(name);
  });
});
