import { confusablesMap } from 'confusables';
import { stripInvisible } from '../unicode';

/**
 * Role words no reader's name may contain as a word ("The Author", "Moderator Team", "Site
 * Owner", "Staff"), compared like names (look-alikes, digits, spacing). Whole words only, so
 * "Adminah", "Admiral" and "Authority" stay ordinary names.
 */
export const RESERVED_NAMES = [
  'Author', 'Admin', 'Administrator', 'Sysadmin', 'Moderator', 'Mod', 'Staff', 'Official', 'Owner',
  'Webmaster', 'Editor',
] as const;

/**
 * Letters from other scripts (and small capitals, stroked Latin letters)
 * that pass for a Latin letter in a name, checked before the `confusables` package's table
 * (UTS #39-style skeletons: Lisu, Cherokee, Coptic, Tifinagh, Malayalam…), which lacks a few. Escaped, because written out they
 * are indistinguishable from the Latin letters they imitate — which is the point.
 * Mapped before case folding: Greek capital Eta looks like H, small eta like n.
 */
const LOOKALIKES: Record<string, string> = {
  a: '\u0430\u0410\u03B1\u0391\u0251\u1D00\u13AA\u237A',
  b: '\u0432\u0412\u044C\u042C\u0392\u03B2\u0299\u13F4',
  c: '\u0441\u0421\u03F2\u03F9\u1D04\u13DF',
  d: '\u0501\u1D05\u0111\u0110\u13A0',
  e: '\u0435\u0415\u03B5\u0395\u1D07\u13AC\u04BD',
  f: '\u0192',
  g: '\u0261\u0262\u0581\u13C0',
  h: '\u04BB\u04BA\u041D\u043D\u0397\u029C\u0127\u0126\u0570\u13BB',
  i: '\u0131\u0269\u026A\u0456\u0406\u03B9\u0399',
  j: '\u0237\u0458\u0408\u03F3\u1D0A\u13AB',
  k: '\u043A\u041A\u03BA\u039A\u1D0B\u13E6',
  l: '\u04CF\u04C0\u029F\u0142\u0141',
  m: '\u043C\u041C\u039C\u1D0D\u13B7',
  n: '\u03B7\u039D\u0274\u043F\u0578',
  o: '\u043E\u041E\u03BF\u039F\u03C3\u1D0F\u00F8\u00D8\u0585\u0555\u1D13',
  p: '\u0440\u0420\u03C1\u03A1\u1D18\u13E2',
  q: '\u051B\u051A\u0566',
  r: '\u0433\u0280',
  s: '\u0455\u0405\uA731\u13DA',
  t: '\u0442\u0422\u03C4\u03A4\u1D1B\u0167\u13A2',
  u: '\u03C5\u1D1C\u057D\u054D',
  v: '\u03BD\u0475\u0474\u1D20\u2C71\u028B',
  w: '\u051D\u051C\u03C9\u1D21\u13B3',
  x: '\u0445\u0425\u03C7\u03A7',
  y: '\u0443\u0423\u04AF\u04AE\u03B3\u03A5\u028F',
  z: '\u0396\u1D22\u13C3',
};

const LIGATURES: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe' };
const DIGITS: Record<string, string> = { 0: 'o', 1: 'l', 2: 'z', 3: 'e', 4: 'a', 5: 's', 6: 'b', 7: 't', 8: 'b', 9: 'g' };

const LOOKALIKE_TO_LATIN = new Map(
  Object.entries(LOOKALIKES).flatMap(([latin, chars]) => [...chars].map((c) => [c, latin] as const)),
);

const MARKS = /\p{M}/gu;
const NOT_LETTER_OR_DIGIT = /[^\p{L}\p{N}]/gu;

/** Names of two parts, written together or apart: "The Author", "Site Owner", "Moderator Team". */
const ROLE_PREFIXES = ['the', 'site', 'real', 'blog', 'newsletter'];
const ROLE_SUFFIXES = ['team', 'here', 'account'];

/**
 * The key two names are compared by: the same for names that look the same,
 * ignoring case, spacing, punctuation, accents, invisible characters and
 * look-alike letters or digits. Not meant for display ("Robin Hale" → "robinhaie").
 */
export function normalizeName(name: string): string {
  const folded = [...stripInvisible(name.normalize('NFKC'))]
    .map((c) => LOOKALIKE_TO_LATIN.get(c) ?? LIGATURES[c] ?? confusablesMap.get(c) ?? c)
    .join('')
    .toLowerCase()
    .normalize('NFD')
    .replace(MARKS, '');
  const latin = [...folded].map((c) => LIGATURES[c] ?? DIGITS[c] ?? c).join('');
  // Letters that look alike even in plain ASCII: capital I and small l, "rn" and "m", "vv" and "w".
  return latin.replace(NOT_LETTER_OR_DIGIT, '').replace(/l/g, 'i').replace(/rn/g, 'm').replace(/vv/g, 'w');
}

/** True when `name` would pass for the author's name. */
export function isAuthorName(name: string, authorName: string): boolean {
  const key = normalizeName(name);
  const author = normalizeName(authorName);
  // Containment, not equality: "Robin Hale (author)" and "Author: Robin Hale" claim the name too.
  return key !== '' && author !== '' && key.includes(author);
}

const ROLE_KEYS = new Set(RESERVED_NAMES.map(normalizeName));
const COMPOUND_ROLE_KEYS = new Set(
  [...ROLE_KEYS].flatMap((role) => [role, ...ROLE_PREFIXES.map((p) => normalizeName(p) + role), ...ROLE_SUFFIXES.map((s) => role + normalizeName(s))]),
);
// Words of a name: split at anything that is not a letter, digit or mark, and at camelCase ("SiteOwner").
const WORD_BREAK = /[^\p{L}\p{N}\p{M}]+|(?<=\p{Ll})(?=\p{Lu})/u;

/** True when a reader may not post as `name`: the author's name, or a role word in it. */
export function isReservedName(name: string, authorName?: string): boolean {
  const key = normalizeName(name);
  if (key === '') return false;
  if (authorName !== undefined && key === normalizeName(authorName)) return true;
  // The whole key catches spaced-out letters ("m o d e r a t o r") and joined words ("theauthor").
  if (COMPOUND_ROLE_KEYS.has(key)) return true;
  const words = stripInvisible(name.normalize('NFKC')).split(WORD_BREAK);
  return words.some((word) => ROLE_KEYS.has(normalizeName(word)));
}
