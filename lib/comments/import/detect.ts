import { err, type Result } from '@/lib/result';
import { parseDisqus } from './disqus';
import { parseMastheadJson } from './json';
import type { ImportOptions, ImportResult } from './types';
import { parseWxr } from './wxr';

export type ImportFormat = 'wordpress' | 'disqus' | 'masthead';

// Skips the prolog (declaration, comments, DOCTYPE) to reach the root element's name. Every
// alternative is unambiguous, so a hostile prolog cannot make the match backtrack exponentially.
const ROOT_ELEMENT =
  /^(?:\s|<\?(?:[^?]|\?(?!>))*\?>|<!--(?:[^-]|-(?!->))*-->|<!DOCTYPE(?:[^[>]|\[[^\]]*\])*>)*<([A-Za-z_][\w.:-]*)/;

/** Which export a file is, from its first bytes: a WordPress WXR, a Disqus export or Masthead JSON. */
export function detectFormat(text: string): ImportFormat | null {
  const head = text.slice(0, 64 * 1024).replace(/^\uFEFF/, '');
  if (head.trimStart().startsWith('{')) return 'masthead';
  const root = ROOT_ELEMENT.exec(head)?.[1];
  if (root === 'rss' && head.includes('wordpress.org/export')) return 'wordpress';
  if (root === 'disqus') return 'disqus';
  return null;
}

/** Recognises the export format and reads it; never throws on a bad file. */
export function detectAndParse(text: string, options: ImportOptions): Result<ImportResult, 'unknown-format' | 'invalid'> {
  const format = detectFormat(text);
  if (format === 'wordpress') return parseWxr(text, options);
  if (format === 'disqus') return parseDisqus(text, options);
  if (format === 'masthead') return parseMastheadJson(text, options);
  return err('unknown-format');
}
