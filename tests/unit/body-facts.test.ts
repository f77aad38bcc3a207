import { describe, expect, it } from 'vitest';
import { bodyFacts } from '@/lib/content/body-facts';
import { loadIssues } from '@/lib/content/load';
import { parseMarkdown } from '@/lib/content/markdown/render';
import { countWords } from '@/lib/content/reading-time';
import { toString as mdastToString } from 'mdast-util-to-string';

const issue = (body: string) => ({ name: 'a.md', file: 'content/a.md', text: `---\ntitle: A\ndate: 2025-01-01\nsummary: About A.\n---\n\n${body}\n` });

describe('the facts of a body, parsed once', () => {
  it('counts the words as the parsed text has them and lists the images and links with their lines', () => {
    const body = 'One two three.\n\n![A chart](/images/a/chart.svg)\n\nSee [B](/b).';
    const facts = bodyFacts(body);
    expect(facts.words).toBe(countWords(mdastToString(parseMarkdown(body))));
    expect(facts.references).toEqual([
      { kind: 'image', url: '/images/a/chart.svg', alt: 'A chart', line: 3 },
      { kind: 'link', url: '/b', line: 5 },
    ]);
  });

  it('gives the same body the same facts without parsing it again, and a changed body its own', () => {
    const body = `A body of its own ${Math.random()}.`;
    expect(bodyFacts(body)).toBe(bodyFacts(body));
    expect(bodyFacts(`${body} More.`).words).toBe(bodyFacts(body).words + 1);
  });

  it('still checks a remembered body against the version it is in: a link breaks when its target goes', () => {
    const body = 'See [B](/b).';
    const b = { name: 'b.md', file: 'content/b.md', text: '---\ntitle: B\ndate: 2025-01-02\nsummary: About B.\n---\n\nB.\n' };
    expect(loadIssues([issue(body), b], () => true).problems).toEqual([]);
    expect(loadIssues([issue(body)], () => true).problems.map((p) => p.message)).toEqual(['link to /b points at no issue']);
  });
});
