import { describe, expect, it } from 'vitest';
import { renderPublishingAdmin } from '@/components/admin/publishing-page';
import type { PublishingOverview } from '@/lib/publish/overview';
import { describeOutcome } from '@/lib/publish/report';

const site = { url: 'https://notes.example', title: 'Notes', description: 'd', author: 'Robin', lang: 'en' };
const commit = 'c0ffee1234567890c0ffee1234567890c0ffee12';
const base: PublishingOverview = {
  source: { kind: 'git', label: 'https://git.example/notes.git (branch main)' },
  live: { version: commit, short: 'c0ffee1234', subject: 'Retire the <script>alert(1)</script> issue', publishedAt: new Date('2026-12-01T10:00:00Z'), via: 'webhook', changes: { added: ['new-one'], changed: [], removed: ['old-one'] }, warnings: [] },
  servedHere: null,
  refusal: null,
  scheduled: [],
  drafts: [],
  held: [],
  corrections: [],
};
const text = (page: string) => page.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('the publishing page', () => {
  it('links what a publish added, not what it removed, and shows a commit subject as text', () => {
    const page = renderPublishingAdmin({ site, overview: base });
    expect(page).toContain('<a href="/new-one">/new-one</a>');
    expect(page).not.toContain('href="/old-one"');
    expect(text(page)).toContain('Removed /old-one');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).not.toContain('<script>alert(1)');
    expect(text(page)).toContain('2026-12-01 10:00 UTC, by a push (webhook)');
  });

  it('says when nothing is published, nothing is scheduled and no newsletter waits', () => {
    const page = text(renderPublishingAdmin({ site, overview: { ...base, live: null } }));
    expect(page).toContain('Nothing has been published yet.');
    expect(page).toContain('No issue is scheduled.');
    expect(page).toContain('No drafts.');
    expect(page).toContain('No newsletter is waiting to go out.');
  });

  it('lists newsletters waiting out their hold, with where to cancel them', () => {
    const page = text(renderPublishingAdmin({ site, overview: { ...base, held: [{ slug: 'new-one', title: 'New one', sendsAt: new Date('2026-12-01T10:10:00Z') }] } }));
    expect(page).toContain('New one : goes to every subscriber at 2026-12-01 10:10 UTC.');
    expect(page).toContain('Cancel a send on the newsletter page');
  });

  it('lists corrections waiting out their hold, with how to stop them', () => {
    const page = text(renderPublishingAdmin({ site, overview: { ...base, corrections: [{ slug: 'new-one', title: 'New <one>', sendsAt: new Date('2026-12-01T10:10:00Z') }] } }));
    expect(page).toContain('The correction of New &lt;one&gt; : goes to the readers who were sent it at 2026-12-01 10:10 UTC. To stop it, change or remove the note and publish again.');
  });
});

describe('the outcome of Publish now', () => {
  it('is one sentence for each way a publish ends', () => {
    expect(describeOutcome({ status: 'published', version: commit, seq: 2, changes: { added: ['a'], changed: [], removed: [] }, warnings: [] })).toBe('Published c0ffee1234: 1 added (a).');
    expect(describeOutcome({ status: 'unchanged', version: commit, warnings: [] })).toBe('c0ffee1234 is already live: nothing to publish.');
    const problem = { severity: 'error' as const, file: 'a.md', field: 'date', message: 'is not a real calendar date', fix: 'write it' };
    expect(describeOutcome({ status: 'refused', version: commit, problems: [problem, problem] })).toBe('Not published: 2 problems in c0ffee1234 (below). The site is unchanged.');
    expect(describeOutcome({ status: 'failed', error: 'fetch-failed', detail: 'no such repository' })).toBe('Could not publish: no such repository');
  });
});
