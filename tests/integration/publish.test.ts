import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getIssue, getIssues, getRenderedIssue } from '@/lib/content/service';
import { liveSnapshot, resetLiveSnapshotForTest } from '@/lib/content/live';
import { resetEnvForTest } from '@/lib/env';
import type { Issue } from '@/lib/content/load';
import { latestPublish, latestRefusal } from '@/lib/publish/repository';
import { onIssuesLive, publish, resetPublishingForTest, scheduleTick } from '@/lib/publish/service';
import { connectNewsletter } from '@/lib/publish/sync';
import { getPublishingOverview } from '@/lib/publish/overview';
import { releaseDueSends } from '@/lib/newsletter/on-publish';
import { cancelByLink } from '@/lib/newsletter/hold-service';
import { cancelTokenIn } from '../support/newsletter-hold';
import { issueFile, type ContentRepo } from '../support/content-repo';
import { testDatabases, useTestDatabase } from '../support/databases';
import { useProductionContent, usePublishingFrom } from '../support/publishing';
import { useMailSinkWithDefaults } from '../support/smtp';

// Publishing from a real git repository (a bare one made here, commits made by the test), checked
// before it goes live, on SQLite and PostgreSQL. Pages read what lib/content serves, as readers do
// in production (drafts and scheduled issues hidden).
const mail = useMailSinkWithDefaults();
useProductionContent();

const first = {
  'alpha.md': issueFile({ title: 'Alpha', date: '2025-01-01', tags: ['ops'] }),
  'bravo.md': issueFile({ title: 'Bravo', date: '2025-01-08', tags: ['ops'], body: 'See [Alpha](/alpha).\n\n![A chart](/images/bravo/chart.svg)' }),
  'images/bravo/chart.svg': '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"></svg>',
  'pages/intro.md': 'Essays for a fixture.',
};

describe.each(testDatabases)('publishing from git on $kind', ({ kind }) => {
  useTestDatabase(kind);
  const content = usePublishingFrom(first);
  let repo: ContentRepo;
  let store: string;
  beforeEach(() => ({ repo, store } = content));

  it('publishes the branch head, serves it without a restart, and reports a second publish as unchanged', async () => {
    const outcome = await publish('command');
    expect(outcome).toMatchObject({ status: 'published', changes: { added: ['bravo', 'alpha'], changed: [], removed: [] } });
    expect(getIssues().map((i) => i.slug)).toEqual(['bravo', 'alpha']);
    expect(liveSnapshot().dir.startsWith(store)).toBe(true);

    const head = repo.push('Nothing new');
    expect(await publish('command')).toMatchObject({ status: 'published', version: head, changes: { added: [], changed: [], removed: [] } });
    expect(await publish('webhook')).toMatchObject({ status: 'unchanged', version: head });
  });

  it('publishes a commit with warnings only, and reports them', async () => {
    await publish('start');
    repo.write('charlie.md', issueFile({ title: 'Charlie', date: '2025-01-15', extra: 'mood: cheerful' }));
    repo.push('Charlie, with a key Masthead does not know');
    const outcome = await publish('webhook');
    expect(outcome).toMatchObject({ status: 'published', changes: { added: ['charlie'] }, warnings: [expect.objectContaining({ severity: 'warning', file: 'charlie.md', field: 'mood' })] });
    expect(getIssue('charlie')).not.toBeNull();
  });

  it('renders again only the bodies a push changed', async () => {
    await publish('start');
    const alpha = getRenderedIssue('alpha')!.body;
    const bravo = getRenderedIssue('bravo')!.body;
    repo.write('bravo.md', issueFile({ title: 'Bravo', date: '2025-01-08', tags: ['ops'], body: 'Rewritten. See [Alpha](/alpha).' }));
    repo.push('Bravo rewritten');
    await publish('webhook');
    expect(getRenderedIssue('alpha')!.body).toBe(alpha);
    expect(getRenderedIssue('bravo')!.body).not.toBe(bravo);
    expect(getRenderedIssue('bravo')!.body.html).toContain('Rewritten.');
  });

  it('serves a new issue, a changed one and a deleted one after a push', async () => {
    await publish('start');
    repo.write('charlie.md', issueFile({ title: 'Charlie', date: '2025-01-15' }));
    repo.write('alpha.md', issueFile({ title: 'Alpha, revised', date: '2025-01-01', tags: ['ops'] }));
    repo.push('Charlie, and Alpha revised');
    expect(await publish('webhook')).toMatchObject({ status: 'published', changes: { added: ['charlie'], changed: ['alpha'], removed: [] } });
    expect(getIssue('charlie')?.title).toBe('Charlie');
    expect(getIssue('alpha')?.title).toBe('Alpha, revised');

    repo.remove('charlie.md');
    repo.push('Charlie was a mistake');
    expect(await publish('webhook')).toMatchObject({ status: 'published', changes: { removed: ['charlie'] } });
    expect(getIssue('charlie')).toBeNull();
  });

  it('refuses a commit with an error: nothing a reader sees changes, the refusal is recorded and the author is mailed the problems', async () => {
    await publish('start');
    const live = liveSnapshot();
    const before = getIssues();
    repo.write('bravo.md', issueFile({ title: 'Bravo', date: '2025-02-30', tags: ['ops'] }));
    repo.write('delta.md', issueFile({ title: 'Delta', body: 'A picture: ![missing](/images/nowhere.png)' }));
    const bad = repo.push('Two mistakes');

    const outcome = await publish('webhook');
    expect(outcome.status).toBe('refused');
    if (outcome.status !== 'refused') return;
    expect(outcome.version).toBe(bad);
    expect(outcome.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ severity: 'error', file: 'bravo.md', field: 'date', fix: expect.any(String) }),
        expect.objectContaining({ severity: 'error', file: 'delta.md' }),
      ]),
    );
    expect(liveSnapshot()).toEqual(live);
    expect(getIssues()).toEqual(before);
    expect(getIssue('delta')).toBeNull();
    expect((await latestPublish(`${repo.url}#main`))?.version).toBe(live.version);
    expect(await latestRefusal(`${repo.url}#main`)).toMatchObject({ version: bad, problems: expect.arrayContaining([expect.objectContaining({ file: 'bravo.md' })]) });

    const [message] = mail().to('robin@example.com').filter((m) => m.subject?.startsWith('Not published'));
    expect(message?.text).toContain('bravo.md: date');
    expect(message?.text).toContain('delta.md');
    expect(message?.text).toContain('fix:');
  });

  it('queues publishes asked at once and applies them in order, ending on the newest commit', async () => {
    await publish('start');
    const outcomes: Array<Promise<Awaited<ReturnType<typeof publish>>>> = [];
    for (let n = 1; n <= 3; n++) {
      repo.write(`extra-${n}.md`, issueFile({ title: `Extra ${n}`, date: `2025-03-0${n}` }));
      repo.push(`Extra ${n}`);
      outcomes.push(publish('webhook'));
    }
    const results = await Promise.all(outcomes);
    const head = repo.push('Nothing new');
    expect(results.some((r) => r.status === 'published')).toBe(true);
    const seqs = results.filter((r) => r.status === 'published').map((r) => (r as { seq: number }).seq);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    expect(getIssues().map((i) => i.slug).slice(0, 3)).toEqual(['extra-3', 'extra-2', 'extra-1']);
    expect(await publish('command')).toMatchObject({ status: 'published', version: head });
  });

  it('fails cleanly when the repository cannot be fetched, and keeps serving what it served', async () => {
    await publish('start');
    const live = liveSnapshot();
    process.env.CONTENT_GIT_URL = path.join(repo.root, 'no-such-repo.git');
    resetEnvForTest();
    const outcome = await publish('webhook');
    expect(outcome).toMatchObject({ status: 'failed', error: 'fetch-failed' });
    expect(liveSnapshot()).toEqual(live);
  });

  it('keeps a scheduled issue invisible until its time, then announces it once', async () => {
    await publish('start');
    const announced: string[][] = [];
    onIssuesLive(async (issues: Issue[]) => void announced.push(issues.map((i) => i.slug)));
    const at = new Date(Date.now() + 2_500);
    repo.write('later.md', issueFile({ title: 'Later', date: '2025-04-01', extra: `publishAt: ${at.toISOString()}` }));
    repo.push('A scheduled issue');
    expect(await publish('webhook')).toMatchObject({ status: 'published', changes: { added: [] } });
    expect(getIssue('later')).toBeNull();
    await scheduleTick(new Date());
    expect(announced).toEqual([]);

    const deadline = Date.now() + 10_000;
    while (!getIssue('later') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(getIssue('later')?.title).toBe('Later');
    await scheduleTick(new Date());
    await scheduleTick(new Date());
    expect(announced).toEqual([['later']]);
  });

  it('announces issues a push made live (new ones and former drafts), never the first publish', async () => {
    const announced: string[][] = [];
    onIssuesLive(async (issues: Issue[]) => void announced.push(issues.map((i) => i.slug)));
    repo.write('draft.md', issueFile({ title: 'Draft', extra: 'draft: true' }));
    repo.push('A draft');
    await publish('start');
    expect(announced).toEqual([]);
    repo.write('draft.md', issueFile({ title: 'Draft', date: '2025-05-01' }));
    repo.push('The draft is ready');
    await publish('webhook');
    repo.write('draft.md', issueFile({ title: 'Draft, edited', date: '2025-05-01' }));
    repo.push('An edit');
    await publish('webhook');
    expect(announced).toEqual([['draft']]);
  });
});

describe.each(testDatabases)('the newsletter on publish, from git, on $kind', ({ kind }) => {
  const database = useTestDatabase(kind);
  const publishing = usePublishingFrom(first);
  let repo: ContentRepo;
  const readers = ['ada@example.com', 'bo@example.com', 'cy@example.com'];
  const copiesOf = (subject: string) => mail().messages.filter((m) => m.subject === subject).map((m) => (Array.isArray(m.to) ? m.to[0] : m.to)?.value[0]?.address).sort();
  // A process starting afresh: nothing applied, the newsletter hook registered again.
  const restart = () => {
    resetPublishingForTest();
    resetLiveSnapshotForTest();
    connectNewsletter();
  };

  beforeEach(async () => {
    repo = publishing.repo;
    mail().messages.length = 0;
    Object.assign(process.env, { SITE_URL: 'https://notes.example', NEWSLETTER_HOLD_MINUTES: '0' });
    resetEnvForTest();
    restart();
    await database().db.subscriber.createMany({ data: readers.map((email) => ({ email, status: 'confirmed', source: 'inline' })) });
    await publish('start');
  });
  afterEach(() => {
    for (const key of ['SITE_URL', 'NEWSLETTER_HOLD_MINUTES']) delete process.env[key];
    resetEnvForTest();
  });

  it('mails the author a preview when the issue goes live, then each subscriber one copy: not again after another push, a restart and an edit', async () => {
    repo.write('big-news.md', issueFile({ title: 'Big news', date: '2025-06-01', extra: 'newsletter: true' }));
    repo.push('Big news, for the newsletter');
    expect(await publish('webhook')).toMatchObject({ status: 'published', changes: { added: ['big-news'] } });
    expect(copiesOf('Preview: Big news')).toEqual(['robin@example.com']);

    await releaseDueSends();
    expect(copiesOf('Big news')).toEqual(readers);

    repo.write('big-news.md', issueFile({ title: 'Big news', date: '2025-06-01', extra: 'newsletter: true', body: 'Edited after sending.' }));
    repo.push('An edit');
    await publish('webhook');
    restart();
    repo.write('other.md', issueFile({ title: 'Other', date: '2025-06-02' }));
    repo.push('Another push');
    await publish('webhook');
    await releaseDueSends();
    expect(copiesOf('Big news')).toEqual(readers);
    expect(copiesOf('Preview: Big news')).toEqual(['robin@example.com']);
  });

  it('sends nothing when the author cancels within the hold', async () => {
    process.env.NEWSLETTER_HOLD_MINUTES = '10';
    resetEnvForTest();
    repo.write('maybe-not.md', issueFile({ title: 'Maybe not', date: '2025-06-01', extra: 'newsletter: true' }));
    repo.push('Maybe not');
    await publish('webhook');
    const preview = mail().messages.find((m) => m.subject === 'Preview: Maybe not');
    expect(preview).toBeDefined();
    expect((await getPublishingOverview()).held).toEqual([{ slug: 'maybe-not', title: 'Maybe not', sendsAt: expect.any(Date) }]);
    expect((await cancelByLink(cancelTokenIn(preview!))).ok).toBe(true);
    await releaseDueSends(new Date(Date.now() + 11 * 60_000));
    restart();
    await publish('webhook');
    await releaseDueSends(new Date(Date.now() + 12 * 60_000));
    expect(copiesOf('Maybe not')).toEqual([]);
    expect((await getPublishingOverview()).held).toEqual([]);
  });
});

describe.each(testDatabases)('publishing the checkout content folder on $kind', ({ kind }) => {
  useTestDatabase(kind);
  let dir: string;
  let store: string;

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'masthead-content-'));
    store = mkdtempSync(path.join(os.tmpdir(), 'masthead-store-'));
    writeFileSync(path.join(dir, 'alpha.md'), issueFile({ title: 'Alpha' }));
    Object.assign(process.env, { CONTENT_DIR: dir, CONTENT_CLONE_DIR: store });
    resetEnvForTest();
    resetPublishingForTest();
    resetLiveSnapshotForTest();
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(store, { recursive: true, force: true });
    delete process.env.CONTENT_DIR;
    delete process.env.CONTENT_CLONE_DIR;
    resetEnvForTest();
    resetLiveSnapshotForTest();
  });

  it('re-reads the folder on publish, and a broken edit leaves the site as it was', async () => {
    expect(await publish('start')).toMatchObject({ status: 'published' });
    writeFileSync(path.join(dir, 'bravo.md'), issueFile({ title: 'Bravo', date: '2025-02-01' }));
    expect(await publish('command')).toMatchObject({ status: 'published', changes: { added: ['bravo'] } });
    const live = liveSnapshot();

    // The author breaks the folder: the served copy is a snapshot, so not even a page read later sees it.
    writeFileSync(path.join(dir, 'bravo.md'), '---\ntitle: Bravo\n---\n');
    mkdirSync(path.join(dir, 'pages'));
    writeFileSync(path.join(dir, 'pages', 'intro.md'), 'A new intro nobody checked.');
    expect(await publish('command')).toMatchObject({ status: 'refused' });
    expect(liveSnapshot()).toEqual(live);
    expect(getIssue('bravo')?.title).toBe('Bravo');
    expect(existsSync(path.join(live.dir, 'pages', 'intro.md'))).toBe(false);
    expect(readdirSync(path.join(store, 'snapshots')).length).toBeGreaterThan(0);
  });
});
