/**
 * Which files of the tests name an issue of the checkout's content/ (the sample newsletter, which
 * an author replaces with their own): a test that does depends on it and breaks when it goes.
 * Tests read fixture content of their own instead (tests/fixtures/site, tests/fixtures/content).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import matter from 'gray-matter';

/** The names of content/'s issues worth looking for: slugs of two words or more, titles of three or more. */
export function contentNames(contentDir: string): string[] {
  if (!existsSync(contentDir)) return [];
  return readdirSync(contentDir)
    .filter((n) => n.endsWith('.md'))
    .flatMap((name) => {
      const slug = name.slice(0, -3);
      const title = String(matter(readFileSync(path.join(contentDir, name), 'utf8')).data.title ?? '');
      // One word ("intro", "Notes") would be found in unrelated text: only distinctive names count.
      return [slug.includes('-') ? slug : '', title.trim().split(/\s+/).length >= 3 ? title.trim() : ''].filter(Boolean);
    });
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `name` as a whole token of `text`, any case: not part of a longer slug or word. */
export function mentions(text: string, name: string): boolean {
  return new RegExp(`(?<![\\w-])${escape(name)}(?![\\w-])`, 'i').test(text);
}

const SKIP = /\.(?:png|jpe?g|gif|webp|avif|ico|db|sqlite)$/i;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'node_modules' ? [] : filesUnder(full);
    return SKIP.test(name) ? [] : [full];
  });
}

/** Every `file: "name"` where a file under `testsDir` names one of `names`, with its line. */
export function findMentions(testsDir: string, names: string[], root = process.cwd()): string[] {
  if (names.length === 0) return [];
  return filesUnder(testsDir).flatMap((file) =>
    readFileSync(file, 'latin1').split('\n').flatMap((line, i) =>
      names.filter((n) => mentions(line, n)).map((n) => `${path.relative(root, file)}:${i + 1}: "${n}"`),
    ),
  );
}
