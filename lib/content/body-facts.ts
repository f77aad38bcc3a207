import { createHash } from 'node:crypto';
import { toString as mdastToString } from 'mdast-util-to-string';
import { collectReferences, type BodyReference } from './lint';
import { parseMarkdown } from './markdown/render';
import { processSingleton } from '../process-slots.mjs';
import { countWords } from './reading-time';

/** What checking and listing an issue need from its body: its word count, and its images and links. */
export type BodyFacts = { words: number; references: BodyReference[] };

/**
 * Parsing is nearly all the time a check takes (13 ms for a body of 2,000 words, 6.5 s for 500
 * issues), and a publish usually changes one body of hundreds. So each distinct body is parsed
 * once per process and remembered by a hash of its text (a few hundred bytes each, not the tree);
 * every check still applies every rule to every issue, with this version's slugs and images.
 */
const MAX_BODIES = 10_000;
const cache = processSingleton('bodyFacts', () => new Map<string, BodyFacts>());

export function bodyFacts(body: string): BodyFacts {
  const key = createHash('sha256').update(body).digest('base64');
  const known = cache.get(key);
  if (known) {
    // Used again: move it to the end, so the oldest unused body is the one dropped.
    cache.delete(key);
    cache.set(key, known);
    return known;
  }
  const tree = parseMarkdown(body);
  const facts = { words: countWords(mdastToString(tree)), references: collectReferences(tree) };
  cache.set(key, facts);
  if (cache.size > MAX_BODIES) cache.delete(cache.keys().next().value!);
  return facts;
}
