import { describe, expect, it } from 'vitest';
import { isAuthorName, isReservedName, normalizeName } from '@/lib/comments/impersonation';

const AUTHOR = 'Robin Hale';

describe('isAuthorName', () => {
  it.each([
    ['robin hale', 'case'],
    ['ROBIN  HALE', 'case and spacing'],
    ['R\u043Ebin H\u0430le', 'Cyrillic о and а'],
    ['R\u043E\u0412in \u041D\u0430le', 'Cyrillic о, В, Н, а'],
    ['R\u03BFbin Hale', 'Greek omicron'],
    ['R o b i n H a l e', 'letters spaced out'],
    ['Robin\u200BHale', 'a zero-width space'],
    ['Ro\u00ADbin\u2060 Hale\uFEFF', 'soft hyphen, word joiner and BOM'],
    ['Robin Hale\uFE0F', 'a variation selector'],
    ['\uFF32\uFF4F\uFF42\uFF49\uFF4E \uFF28\uFF41\uFF4C\uFF45', 'fullwidth letters'],
    ['\u{1D411}\u{1D428}\u{1D41B}\u{1D422}\u{1D427} \u{1D407}\u{1D41A}\u{1D425}\u{1D41E}', 'mathematical bold letters'],
    ['Röbin Hâlé', 'diacritics'],
    ['Ro\u0308bin Hale', 'a combining diaeresis'],
    ['Røbin Hałe', 'stroked letters'],
    ['R0bin Ha1e', 'digits for letters'],
    ['Robin HaIe', 'capital I for small l'],
    ['robin.hale', 'a dot'],
    ['robin_hale', 'an underscore'],
    ['Robin-Hale!', 'punctuation'],
    ['\u0280\u1D0F\u0299\u026A\u0274 \u029C\u1D00\u029F\u1D07', 'small capitals'],
  ])('matches %j (%s)', (name) => {
    expect(isAuthorName(name, AUTHOR)).toBe(true);
  });

  it.each(['Rob Hale', 'Robyn Hall', 'Robin', 'Hale Robin'])('does not match %j', (name) => {
    expect(isAuthorName(name, AUTHOR)).toBe(false);
  });

  // The whole name inside a longer one still reads as the author's on the page: refused.
  it.each(['Robin Hales', 'Robin Hale 2'])('refuses %j, which contains the whole name', (name) => {
    expect(isAuthorName(name, AUTHOR)).toBe(true);
  });

  it('tells Greek capital Eta (H) from small eta (n)', () => {
    expect(isAuthorName('Robin \u0397ale', AUTHOR)).toBe(true);
    expect(isAuthorName('Robi\u03B7 Hale', AUTHOR)).toBe(true);
    expect(isAuthorName('Robi\u0397 Hale', AUTHOR)).toBe(false);
  });

  it('never matches an empty or punctuation-only name', () => {
    expect(isAuthorName('', '')).toBe(false);
    expect(isAuthorName('...', '—')).toBe(false);
    expect(isAuthorName('\u200B', AUTHOR)).toBe(false);
  });
});

describe('normalizeName', () => {
  it('gives look-alike names the same key and different names different keys', () => {
    expect(normalizeName('Ｍ\u0430ry-Ann  Smith')).toBe(normalizeName('mary ann smith'));
    expect(normalizeName('Mary Ann')).not.toBe(normalizeName('Mary Anne'));
  });

  it('folds sharp s and ligatures', () => {
    expect(normalizeName('Straße')).toBe(normalizeName('Strasse'));
    expect(normalizeName('Æsop')).toBe(normalizeName('aesop'));
  });
});

describe('isReservedName', () => {
  it.each(['Author', 'admin', 'ADMIN', 'Adm1n', 'Administrator', 'Moderator', 'm o d e r a t o r', '\u0410dmin'])(
    'refuses %j',
    (name) => {
      expect(isReservedName(name)).toBe(true);
    },
  );

  it('refuses a reserved word anywhere in the name, as a word', () => {
    expect(isReservedName('Jo Author')).toBe(true);
  });

  it("refuses the author's name when given", () => {
    expect(isReservedName('R0bin Hale', AUTHOR)).toBe(true);
    expect(isReservedName('R0bin Hale')).toBe(false);
  });

  it('allows ordinary names and names that merely contain the letters of a reserved word', () => {
    for (const name of ['Admiral', 'Adminah', 'Authority', 'Robin', 'Anonymous', '']) {
      expect(isReservedName(name, AUTHOR)).toBe(false);
    }
  });
});

describe('names that wrap the author\'s name', () => {
  it('refuses the author\'s name with anything around it', async () => {
    const { isAuthorName } = await import('@/lib/comments/impersonation');
    for (const name of ['Robin Hale (author)', 'Robin Hale, CTO', 'Author: Robin Hale', 'Robin Hale here', 'The real R0bin Ha1e']) {
      expect(isAuthorName(name, 'Robin Hale')).toBe(true);
    }
    for (const name of ['Robin', 'Hale', 'Robin Hall', 'Rob Hale']) expect(isAuthorName(name, 'Robin Hale')).toBe(false);
  });
});
