import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { contentNames, findMentions, mentions } from '../support/sample-mentions';

// Replacing content/ (the sample newsletter) with an author's own must not break the suite: no test
// names its issues. The suites read tests/fixtures/site and tests/fixtures/content instead.
describe('tests own their data', () => {
  it('no file under tests/ names an issue of content/ by slug or title', () => {
    const names = contentNames(path.resolve('content'));
    expect(findMentions(path.resolve('tests'), names)).toEqual([]);
  });

  describe('the check', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'masthead-mentions-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('finds a slug or a title a test names, and only whole names', () => {
      const content = path.join(dir, 'content');
      const tests = path.join(dir, 'tests', 'e2e');
      mkdirSync(content, { recursive: true });
      mkdirSync(tests, { recursive: true });
      writeFileSync(path.join(content, 'tending-the-garden.md'), '---\ntitle: "Tending the garden"\ndate: 2025-01-01\nsummary: S.\n---\nText.\n');
      writeFileSync(path.join(content, 'notes.md'), '---\ntitle: "Notes"\ndate: 2025-01-02\nsummary: S.\n---\nText.\n');
      const names = contentNames(content);
      expect(names).toEqual(['tending-the-garden', 'Tending the garden']);

      writeFileSync(path.join(tests, 'a.spec.ts'), "const SLUG = 'tending-the-garden';\n// notes\n");
      writeFileSync(path.join(tests, 'b.spec.ts'), "x\nexpect(title).toBe('TENDING THE GARDEN');\n");
      writeFileSync(path.join(tests, 'c.spec.ts'), "const SLUG = 'tending-the-garden-again';\n");
      expect(findMentions(path.join(dir, 'tests'), names, dir).sort()).toEqual([
        'tests/e2e/a.spec.ts:1: "tending-the-garden"',
        'tests/e2e/b.spec.ts:2: "Tending the garden"',
      ]);
    });

    it('a name inside a longer slug or word is not a mention', () => {
      expect(mentions('/tending-the-garden/comments', 'tending-the-garden')).toBe(true);
      expect(mentions('retending-the-garden', 'tending-the-garden')).toBe(false);
      expect(mentions('tending-the-gardens', 'tending-the-garden')).toBe(false);
    });

    it('without a content folder there is nothing to look for', () => {
      expect(contentNames(path.join(dir, 'no-such-folder'))).toEqual([]);
    });
  });
});
