import { describe, expect, it } from 'vitest';
import { loadIssues } from '@/lib/content/load';
import { diffIssues, pagesToRefresh } from '@/lib/publish/changes';
import { issueFile } from '../support/content-repo';

const load = (files: Record<string, string>) =>
  loadIssues(Object.entries(files).map(([name, text]) => ({ name, file: `content/${name}`, text })), () => true).issues;
const noImages = new Map<string, string>();
const version = (files: Record<string, string>, images: ReadonlyMap<string, string> = noImages) => ({ issues: load(files), images });

// Five issues, a week apart, newest last; "d" and "e" share a tag.
const base = {
  'a.md': issueFile({ title: 'Alpha', date: '2025-01-01' }),
  'b.md': issueFile({ title: 'Bravo', date: '2025-01-08' }),
  'c.md': issueFile({ title: 'Charlie', date: '2025-01-15' }),
  'd.md': issueFile({ title: 'Delta', date: '2025-01-22', tags: ['ops'] }),
  'e.md': issueFile({ title: 'Echo', date: '2025-01-29', tags: ['ops'] }),
};

describe('what a publish changed', () => {
  it('names added, changed and removed issues; a file that only moved is not changed', () => {
    const before = load(base);
    const { 'a.md': _a, ...withoutA } = base;
    const after = load({ ...withoutA, 'b.md': issueFile({ title: 'Bravo, revised', date: '2025-01-08' }), 'f.md': issueFile({ title: 'Foxtrot', date: '2025-02-05' }) });
    expect(diffIssues(before, after)).toEqual({ added: ['f'], changed: ['b'], removed: ['a'] });
    const moved = before.map((i) => ({ ...i, file: `elsewhere/${i.slug}.md` }));
    expect(diffIssues(before, moved)).toEqual({ added: [], changed: [], removed: [] });
    const { 'c.md': _gone, ...rest } = base;
    expect(diffIssues(before, load(rest)).removed).toEqual(['c']);
  });

  it('refreshes the pages that show a retitled issue (its neighbours), and not the others', () => {
    const pages = pagesToRefresh(version(base), version({ ...base, 'c.md': issueFile({ title: 'Charlie, retitled', date: '2025-01-15' }) }));
    const issuePages = pages.filter((p) => /^\/[a-z]$/.test(p));
    // b and d list c as their newer/older neighbour; a and e do not show it.
    expect(issuePages).toEqual(['/b', '/c', '/d']);
    expect(pages).toEqual(expect.arrayContaining(['/', '/archive', '/feed.xml', '/atom.xml', '/sitemap.xml', '/og/c', '/tags/ops']));
    expect(pages).not.toContain('/og/b');
  });

  it('refreshes a removed issue (so it answers 404) and the neighbours that close the gap', () => {
    const { 'c.md': _gone, ...rest } = base;
    const pages = pagesToRefresh(version(base), version(rest));
    expect(pages.filter((p) => /^\/[a-z]$/.test(p))).toEqual(['/b', '/c', '/d']);
    expect(pages).toContain('/og/c');
  });

  it('refreshes the pages of a related issue when tags change who is related', () => {
    const pages = pagesToRefresh(version(base), version({ ...base, 'a.md': issueFile({ title: 'Alpha', date: '2025-01-01', tags: ['ops'] }) }));
    // a now relates to d and e (shared tag "ops"); both list it.
    expect(pages.filter((p) => /^\/[a-z]$/.test(p))).toEqual(['/a', '/b', '/d', '/e']);
  });

  it('sees an image replaced under the same name in the issues that show it', () => {
    const withImage = { ...base, 'e.md': issueFile({ title: 'Echo', date: '2025-01-29', tags: ['ops'], body: '![A chart of the week](/images/e/chart.png)' }) };
    const before = version(withImage, new Map([['/images/e/chart.png', 'hash-1']]));
    const after = version(withImage, new Map([['/images/e/chart.png', 'hash-2']]));
    expect(diffIssues(before.issues, after.issues, { before: before.images, after: after.images }).changed).toEqual(['e']);
    expect(pagesToRefresh(before, after)).toContain('/e');
    expect(pagesToRefresh(before, before).filter((p) => /^\/[a-z]$/.test(p))).toEqual([]);
  });
});
