/**
 * The second net behind tests/security/redos.test.ts: every regex written in lib/, app/,
 * components/ and scripts/ goes through recheck's static ReDoS analysis, so a new
 * backtracking pattern fails here before it freezes a server (issue 10, point 1).
 */
import path from 'node:path';
import { checkSync } from 'recheck';
import { describe, expect, it } from 'vitest';
import { findRegexes } from './support/regex-sources';

const root = path.resolve(__dirname, '../..');

/**
 * Patterns allowed although recheck calls them vulnerable, each with its reason, keyed by
 * `file /source/flags`. An entry whose pattern is gone is harmless; remove it when you see it.
 */
const ALLOWED: Record<string, string> = {
  'lib/search/text.ts /!\\[([^\\]]*)\\]\\([^)]*\\)/g': 'the author\'s own Markdown (a git push, not a stranger), one line at a time, each line read to 20,000 characters (lib/search/text.ts MAX_LINE): the worst case is tens of milliseconds',
  'lib/search/text.ts /\\[([^\\]]*)\\]\\([^)]*\\)/g': 'the author\'s own Markdown (a git push, not a stranger), one line at a time, each line read to 20,000 characters (lib/search/text.ts MAX_LINE): the worst case is tens of milliseconds',
  'lib/search/text.ts /\\[([^\\]]*)\\]\\[[^\\]]*\\]/g': 'the author\'s own Markdown (a git push, not a stranger), one line at a time, each line read to 20,000 characters (lib/search/text.ts MAX_LINE): the worst case is tens of milliseconds',
  'lib/search/text.ts /<\\/?[a-zA-Z][^>]*>/g': 'the author\'s own Markdown (a git push, not a stranger), one line at a time, each line read to 20,000 characters (lib/search/text.ts MAX_LINE): the worst case is tens of milliseconds',
};

// The fuzzing checker draws random inputs: a fixed seed keeps the verdict the same on every run.
const PARAMS = { randomSeed: 20261201 };

describe('every regex in the sources', () => {
  const regexes = findRegexes(root);

  it('finds the sources\' patterns (the net is not empty)', () => {
    expect(regexes.length).toBeGreaterThan(50);
    expect(regexes.some((r) => r.file === 'lib/comments/markdown.ts')).toBe(true);
  });

  it('builds no RegExp from a non-literal pattern, which no checker can see', () => {
    expect(regexes.filter((r) => r.dynamic).map((r) => `${r.file}:${r.line} ${r.source}`)).toEqual([]);
  });

  it('has no pattern recheck finds vulnerable to ReDoS', () => {
    const vulnerable = regexes
      .filter((r) => !r.dynamic)
      .map((r) => ({ r, key: `${r.file} /${r.source}/${r.flags}` }))
      .filter(({ key }) => !(key in ALLOWED))
      .flatMap(({ r, key }) => {
        const result = checkSync(r.source, r.flags, PARAMS);
        return result.status === 'vulnerable' ? [`${key} (line ${r.line}): ${result.complexity.summary}, e.g. ${result.attack.pattern}`] : [];
      });
    expect(vulnerable).toEqual([]);
  }, 120_000);
});
