import { describe, expect, it } from 'vitest';
import { correctionDayKey, correctionKey, findNewCorrections, plainCorrectionNote, renderCorrectionNote } from '@/lib/content/corrections';
import { loadIssues, type SourceFile } from '@/lib/content/load';
import { buildAtom, buildRss, type FeedItem } from '@/lib/feeds/feeds';
import { diffIssues, pagesToRefresh } from '@/lib/publish/changes';

const NOTE = 'An earlier version said the outage lasted two hours; it lasted four.';
const file = (name: string, extra: string): SourceFile => ({
  name: `${name}.md`,
  file: `content/${name}.md`,
  text: `---\ntitle: "A title"\ndate: 2025-03-12\nsummary: "A summary."\n${extra}\n---\nSome words here.\n`,
});
const load = (extra: string) => loadIssues([file('a', extra)], () => false);

describe('which corrections a new version brings', () => {
  const issue = (slug: string, note: string | null) => load(note === null ? 'tags: [x]' : `correction: "${note}"`).issues.map((i) => ({ ...i, slug }))[0]!;
  /** The notes of `after` new against `before`, as a publish sees them (diffIssues), with `known` already recorded. */
  const newOnes = (before: ReturnType<typeof issue>[], after: ReturnType<typeof issue>[], known: string[] = [], initial = false) =>
    findNewCorrections(after, { ...diffIssues(before, after), initial }, new Set(known)).map(({ issue: i, news }) => `${i.slug}:${news ? 'news' : 'quiet'}`);

  it('is news when a note appears on an issue readers could already see', () => {
    expect(newOnes([issue('a', null), issue('b', null)], [issue('a', NOTE), issue('b', null)])).toEqual(['a:news']);
  });

  it('is not news for a new issue that arrives with a note, nor on a source\'s first publish; nothing for a change without a note', () => {
    expect(newOnes([], [issue('new', NOTE)])).toEqual(['new:quiet']);
    expect(newOnes([issue('a', null)], [issue('a', NOTE)], [], true)).toEqual(['a:quiet']);
    expect(newOnes([issue('a', null)], [{ ...issue('a', null), markdown: 'Rewritten.' }])).toEqual([]);
    expect(newOnes([issue('a', NOTE)], [issue('a', null)])).toEqual([]);
  });

  it('is nothing for a note already recorded: left as it was, re-published, or put back after a removal', () => {
    const known = [correctionDayKey('a', correctionKey(NOTE))];
    expect(newOnes([issue('a', NOTE)], [{ ...issue('a', NOTE), markdown: 'Edited again.' }], known)).toEqual([]);
    expect(newOnes([issue('a', null)], [issue('a', NOTE)], known)).toEqual([]);
  });

  it('is news again for an edited note, even a typo fixed: the key is the text (spacing and Unicode forms aside)', () => {
    const fixed = NOTE.replace('four', 'four hours');
    expect(newOnes([issue('a', NOTE)], [issue('a', fixed)], [correctionDayKey('a', correctionKey(NOTE))])).toEqual(['a:news']);
    expect(correctionKey('Caf\u00e9  was   wrong.')).toBe(correctionKey('Cafe\u0301 was wrong.'));
    expect(correctionKey(NOTE)).not.toBe(correctionKey(fixed));
  });
});

describe('the correction frontmatter', () => {
  it('accepts a sentence and an optional day, and carries them on the issue', () => {
    const { issues, problems } = load(`correction: "${NOTE}"\ncorrected: 2025-03-20`);
    expect(problems).toEqual([]);
    expect(issues[0]!.correction).toEqual({ note: NOTE, key: correctionKey(NOTE), corrected: '2025-03-20' });
    expect(load('tags: [x]').issues[0]!.correction).toBeNull();
  });

  it('reports each bad note with its file, field and fix', () => {
    const cases: Array<[string, string]> = [
      ['correction: ""', 'must not be empty'],
      ['correction: "It was wrong"', 'must be a sentence ending in ".", "!" or "?"'],
      ['correction: 42', 'must be text'],
      [`correction: "${'x'.repeat(500)}."`, 'must be at most 500 characters'],
      ['correction: "First line.\\nSecond line."', 'must be one line without control'],
      ['correction: "<b>Bold</b> claim."', 'must be plain text or inline Markdown'],
      ['correction: "# A heading."', 'must be plain text or inline Markdown'],
      ['corrected: 2025-03-20', 'has no `correction:` note to date'],
      [`correction: "${NOTE}"\ncorrected: 2025-03-01`, 'is before date'],
      [`correction: "${NOTE}"\ncorrected: 2025-02-30`, 'is not a real calendar date'],
    ];
    for (const [extra, message] of cases) {
      const { problems, issues } = load(extra);
      expect(issues, extra).toEqual([]);
      expect(problems, extra).toHaveLength(1);
      expect(problems[0]!.file).toBe('content/a.md');
      expect(['correction', 'corrected']).toContain(problems[0]!.field);
      expect(problems[0]!.message).toContain(message);
      expect(problems[0]!.fix).toMatch(/correction|corrected/);
    }
  });
});

describe('the note as the page and email show it', () => {
  it('keeps inline Markdown and escapes everything else', () => {
    expect(renderCorrectionNote('The **total** was `42`, *not* 24 & <i>more</i>.')).toBe('The <strong>total</strong> was <code>42</code>, <em>not</em> 24 &amp; &lt;i&gt;more&lt;/i&gt;.');
    expect(plainCorrectionNote('The **total** was `42`, *not* 24.')).toBe('The total was 42, not 24.');
  });
});

describe('feeds with a correction', () => {
  const site = { url: 'https://notes.example.com', title: 'Notes', description: 'D', author: 'Robin Hale', lang: 'en' };
  const item: FeedItem = { slug: 'a', title: 'A', summary: 'S.', date: '2025-03-12', updated: null, tags: [], html: '<p>Body</p>', correction: { note: 'It was *four* hours.', day: '2025-03-20' } };
  it('carry the note at the top of the entry and in its summary, and count its day as the update', () => {
    const atom = buildAtom(site, [item]);
    expect(atom).toContain('<updated>2025-03-20T00:00:00.000Z</updated>');
    expect(atom).toContain('<summary>Correction (20 March 2025): It was four hours. S.</summary>');
    expect(atom).toContain('&lt;strong&gt;Correction&lt;/strong&gt; · 20 March 2025: It was &lt;em&gt;four&lt;/em&gt; hours.');
    const rss = buildRss(site, [item]);
    expect(rss).toContain('<lastBuildDate>Thu, 20 Mar 2025 00:00:00 GMT</lastBuildDate>');
    expect(rss).toContain('<![CDATA[<aside><p><strong>Correction</strong> · 20 March 2025: It was <em>four</em> hours.</p></aside>');
    expect(buildAtom(site, [{ ...item, correction: null }])).toContain('<updated>2025-03-12T00:00:00.000Z</updated>');
  });
});

describe('a correction-only change', () => {
  it('counts as a change, and refreshes the issue page, its card and both feeds', () => {
    const before = load('tags: [ops]').issues;
    const after = load(`tags: [ops]\ncorrection: "${NOTE}"`).issues;
    const images = new Map<string, string>();
    expect(diffIssues(before, after)).toEqual({ added: [], changed: ['a'], removed: [] });
    expect(pagesToRefresh({ issues: before, images }, { issues: after, images })).toEqual(expect.arrayContaining(['/a', '/og/a', '/feed.xml', '/atom.xml']));
    expect(pagesToRefresh({ issues: before, images }, { issues: load('tags: [ops]').issues, images })).not.toContain('/a');
  });
});
