/**
 * Issue 14, corrections: a published issue whose frontmatter gains a `correction:` note shows it
 * on its page and in the feeds, and the readers who were sent the issue get one correction email
 * after the hold (the author a preview at once), exactly once per correction: not for a change
 * without a note, not again after another push or a restart, not to readers who subscribed later
 * or left. Real git content repository, real SMTP server, SQLite and PostgreSQL.
 */
import type { ParsedMail } from 'mailparser';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderIssuePage } from '@/components/article/issue-page';
import { getOtherIssues, getRenderedIssue, getRenderedPreview } from '@/lib/content/service';
import { resetLiveSnapshotForTest } from '@/lib/content/live';
import { resetEnvForTest } from '@/lib/env';
import { getAtomFeed, getRssFeed } from '@/lib/feeds/service';
import { sendDueCorrections } from '@/lib/newsletter/corrections-send';
import { releaseDueSends } from '@/lib/newsletter/on-publish';
import { getPublishingOverview } from '@/lib/publish/overview';
import { catchUp, publish, resetPublishingForTest } from '@/lib/publish/service';
import { connectNewsletter } from '@/lib/publish/sync';
import { getSiteInfo } from '@/lib/site';
import { issueFile, type ContentRepo } from '../support/content-repo';
import { testDatabases, useTestDatabase } from '../support/databases';
import { useProductionContent, usePublishingFrom } from '../support/publishing';
import { useMailSinkWithDefaults } from '../support/smtp';

const mail = useMailSinkWithDefaults();
useProductionContent();

const AUTHOR = 'robin@example.com';
const NOTE = 'An earlier version said the outage lasted two hours; it lasted four.';
const TODAY = new Date().toISOString().slice(0, 10);
const outage = (extra = '', body?: string) =>
  issueFile({ title: 'The long outage', date: '2025-06-01', extra: ['newsletter: true', extra].filter(Boolean).join('\n'), ...(body ? { body } : {}) });
const later = (minutes: number) => new Date(Date.now() + minutes * 60_000);
const recipientOf = (m: ParsedMail) => (Array.isArray(m.to) ? m.to[0] : m.to)?.value[0]?.address ?? '';
const header = (m: ParsedMail, key: string) => m.headerLines.find((h) => h.key === key)?.line.replace(/^[^:]+:\s*/, '');
const copiesOf = (subject: string) => mail().messages.filter((m) => m.subject === subject).map(recipientOf).sort();
const pageOf = (slug: string) => {
  const issue = getRenderedIssue(slug)!;
  return renderIssuePage({ site: getSiteInfo(), issue, others: getOtherIssues(slug), cover: null, comments: null, cta: 'Subscribe', popupDelaySeconds: 30 });
};

describe.each(testDatabases)('corrections on $kind', ({ kind }) => {
  const database = useTestDatabase(kind);
  const publishing = usePublishingFrom({ 'alpha.md': issueFile({ title: 'Alpha', date: '2025-01-01' }), 'pages/intro.md': 'A fixture.' });
  let repo: ContentRepo;
  const readers = ['ada@example.com', 'bo@example.com', 'cy@example.com'];
  // A process starting afresh: nothing applied, the publishing hooks registered again.
  const restart = () => {
    resetPublishingForTest();
    resetLiveSnapshotForTest();
    connectNewsletter();
  };
  const push = async (message: string, files: Record<string, string>) => {
    for (const [file, text] of Object.entries(files)) repo.write(file, text);
    repo.push(message);
    expect(await publish('webhook')).toMatchObject({ status: 'published' });
  };

  beforeEach(async () => {
    repo = publishing.repo;
    mail().messages.length = 0;
    process.env.SITE_URL = 'https://notes.example';
    delete process.env.NEWSLETTER_HOLD_MINUTES; // the default hold a user gets (10 minutes)
    resetEnvForTest();
    restart();
    await database().db.subscriber.createMany({ data: [...readers.map((email) => ({ email, status: 'confirmed', source: 'inline' })), { email: 'pending@example.com', status: 'pending', source: 'inline' }] });
    await publish('start');
  });
  afterEach(() => {
    delete process.env.SITE_URL;
    resetEnvForTest();
  });

  /** The issue goes live and its newsletter goes to every confirmed reader after the hold. */
  const sendTheIssue = async () => {
    await push('The long outage', { 'outage.md': outage() });
    await releaseDueSends(later(11));
    expect(copiesOf('The long outage')).toEqual(readers);
  };

  it('mails one correction to each reader who was sent the issue, after a preview and the hold, and never again', { timeout: 60_000 }, async () => {
    await sendTheIssue();
    // Later: one reader leaves, another subscribes.
    await database().db.subscriber.update({ where: { email: 'cy@example.com' }, data: { status: 'unsubscribed' } });
    await database().db.subscriber.create({ data: { email: 'late@example.com', status: 'confirmed', source: 'inline' } });

    await push('A change without a note', { 'outage.md': outage('', 'Rewritten without a note.') });
    await sendDueCorrections(later(30));
    expect(mail().messages.filter((m) => m.subject?.includes('Correction'))).toEqual([]);
    expect(pageOf('outage')).not.toContain('aria-label="Correction"');

    await push('Correct the outage length', { 'outage.md': outage(`correction: "${NOTE}"`, 'It lasted four hours.') });
    // The page and both feeds carry the note at once, dated the day it was published.
    const page = pageOf('outage');
    expect(page).toContain(`<aside class="correction" role="note" aria-label="Correction"><p><span class="correction-label">Correction</span> · <time datetime="${TODAY}">`);
    expect(page).toContain(NOTE);
    expect(page.indexOf('aria-label="Correction"')).toBeLessThan(page.indexOf('class="prose"'));
    expect(getAtomFeed()).toContain(`<updated>${TODAY}T00:00:00.000Z</updated>`);
    expect(getAtomFeed()).toContain(`<summary>Correction (`);
    expect(getRssFeed()).toContain(NOTE);

    await sendDueCorrections(later(1)); // within the hold: the author's preview only
    expect(copiesOf('Preview: Correction: The long outage')).toEqual([AUTHOR]);
    const preview = mail().messages.find((m) => m.subject === 'Preview: Correction: The long outage')!;
    expect(preview.text).toContain('The correction goes to 2 readers who were sent this issue at');
    expect(copiesOf('Correction: The long outage')).toEqual([]);
    expect((await getPublishingOverview()).corrections).toEqual([{ slug: 'outage', title: 'The long outage', sendsAt: expect.any(Date) }]);

    // Two instances release it at once (a second copy of the module: its own run, the same database).
    vi.resetModules();
    const other = (await import('@/lib/newsletter/corrections-send')) as typeof import('@/lib/newsletter/corrections-send');
    expect(other.sendDueCorrections).not.toBe(sendDueCorrections);
    await Promise.all([sendDueCorrections(later(11)), other.sendDueCorrections(later(11))]);
    expect(copiesOf('Correction: The long outage')).toEqual(['ada@example.com', 'bo@example.com']);
    expect((await getPublishingOverview()).corrections).toEqual([]);
    const email = mail().messages.find((m) => m.subject === 'Correction: The long outage')!;
    expect(email.text).toContain(NOTE);
    expect(email.text).toContain('Read the corrected issue: https://notes.example/outage');
    expect(email.html).toContain('href="https://notes.example/outage"');
    expect(header(email, 'list-unsubscribe')).toMatch(/^<https:\/\/notes\.example\/unsubscribe\?token=[^>]+>$/);
    expect(header(email, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');

    // The same note published again, a restart, another push: no second email.
    await push('Another push', { 'beta.md': issueFile({ title: 'Beta', date: '2025-06-02' }) });
    restart();
    await publish('webhook');
    await sendDueCorrections(later(20));
    await push('The same note, re-spaced', { 'outage.md': outage(`correction: "${NOTE.replace('outage ', 'outage   ')}"`, 'It lasted four hours, really.') });
    await sendDueCorrections(later(40));
    expect(copiesOf('Correction: The long outage')).toEqual(['ada@example.com', 'bo@example.com']);
    expect(copiesOf('Preview: Correction: The long outage')).toEqual([AUTHOR]);
    expect(await database().db.correctionDelivery.count({ where: { status: 'sent' } })).toBe(2);
  });

  it('mails an edited note again (a new correction), and keeps the day a note was first published', { timeout: 60_000 }, async () => {
    await sendTheIssue();
    await push('Correct it', { 'outage.md': outage(`correction: "${NOTE}"`) });
    await sendDueCorrections(later(11));
    await push('Fix a typo in the note', { 'outage.md': outage(`correction: "${NOTE.replace('four', 'four full')}"\ncorrected: 2025-07-04`) });
    await sendDueCorrections(later(22));
    expect(copiesOf('Correction: The long outage')).toEqual([...readers, ...readers].sort());
    expect(pageOf('outage')).toContain('<time datetime="2025-07-04">4 July 2025</time>');
    expect(pageOf('outage')).toContain('four full');
  });

  it('mails nobody for an issue that was never sent, and drops a note changed or removed during its hold', { timeout: 60_000 }, async () => {
    await push('Quiet', { 'quiet.md': issueFile({ title: 'Quiet', date: '2025-06-01' }) });
    await push('Correct quiet', { 'quiet.md': issueFile({ title: 'Quiet', date: '2025-06-01', extra: `correction: "${NOTE}"` }) });
    await sendDueCorrections(later(11));
    expect(mail().messages).toEqual([]);
    expect(pageOf('quiet')).toContain(NOTE);
    expect(await database().db.correction.findFirstOrThrow({ where: { slug: 'quiet' } })).toMatchObject({ status: 'not-mailed' });

    await sendTheIssue();
    await push('A first note', { 'outage.md': outage('correction: "The first wording was wrong."') });
    await push('Second thoughts', { 'outage.md': outage('correction: "The second wording is right."') });
    await sendDueCorrections(later(11));
    expect(mail().messages.filter((m) => m.subject === 'Correction: The long outage').map((m) => m.text?.includes('The second wording is right.'))).toEqual([true, true, true]);
    await push('Another note, then none', { 'outage.md': outage('correction: "A third wording, soon gone."') });
    await push('No note after all', { 'outage.md': outage() });
    await sendDueCorrections(later(30));
    expect(copiesOf('Correction: The long outage')).toEqual(readers);
    expect((await database().db.correction.findMany({ orderBy: { id: 'asc' } })).map((c) => c.status)).toEqual(['not-mailed', 'superseded', 'sent', 'superseded']);
  });

  it('mails a correction another process published (npm run publish): the server records it as it catches up', { timeout: 60_000 }, async () => {
    await sendTheIssue();
    resetPublishingForTest(); // a command-line process: publishes, registers no hooks
    resetLiveSnapshotForTest();
    await push('Correct it from the command line', { 'outage.md': outage(`correction: "${NOTE}"`) });
    expect(await database().db.correction.count()).toBe(0);
    restart(); // the server, which applies the newest publish
    expect(await catchUp()).toBe(true);
    expect(pageOf('outage')).toContain(`<time datetime="${TODAY}">`);
    await sendDueCorrections(later(11));
    expect(copiesOf('Preview: Correction: The long outage')).toEqual([AUTHOR]);
    expect(copiesOf('Correction: The long outage')).toEqual(readers);
  });

  it('never sends again a claim a killed process left, and leaves the rest to a later run while the mail server is unreachable', { timeout: 60_000 }, async () => {
    await sendTheIssue();
    await push('Correct it', { 'outage.md': outage(`correction: "${NOTE}"`) });
    await sendDueCorrections(later(1)); // the preview
    const correction = await database().db.correction.findFirstOrThrow({ where: { slug: 'outage' } });
    const ada = await database().db.subscriber.findUniqueOrThrow({ where: { email: 'ada@example.com' } });
    // A process killed after claiming Ada's email: it may have gone, so it is not sent again.
    await database().db.correctionDelivery.create({ data: { correctionId: correction.id, subscriberId: ada.id, status: 'sending' } });
    const smtp = process.env.SMTP_URL!;
    process.env.SMTP_URL = 'smtp://127.0.0.1:9'; // nothing listens: no answer about any reader
    resetEnvForTest();
    await sendDueCorrections(later(11));
    expect(await database().db.correctionDelivery.count()).toBe(1);
    expect(await database().db.correction.findUniqueOrThrow({ where: { id: correction.id } })).toMatchObject({ status: 'sending', finishedAt: null, leaseOwner: null });
    process.env.SMTP_URL = smtp;
    resetEnvForTest();
    vi.resetModules(); // a later run (this one waits a minute before trying again)
    const next = (await import('@/lib/newsletter/corrections-send')) as typeof import('@/lib/newsletter/corrections-send');
    await next.sendDueCorrections(later(12));
    expect(copiesOf('Correction: The long outage')).toEqual(['bo@example.com', 'cy@example.com']);
    expect(await database().db.correction.findUniqueOrThrow({ where: { id: correction.id } })).toMatchObject({ status: 'sent' });
  });

  it('shows the note in the preview of an issue not yet live, and announces nothing for an issue that arrives with one', { timeout: 60_000 }, async () => {
    await push('A draft with a note', { 'draft.md': issueFile({ title: 'Draft', date: '2025-06-01', extra: `draft: true\ncorrection: "${NOTE}"` }) });
    const draft = getRenderedPreview('draft')!;
    const preview = renderIssuePage({ site: getSiteInfo(), issue: draft, others: getOtherIssues('draft'), cover: null, comments: null, cta: '', popupDelaySeconds: 30, preview: { kind: 'draft' } });
    expect(preview).toContain('aria-label="Correction"');
    expect(preview).toContain(NOTE);
    await push('It goes live, note and all', { 'draft.md': issueFile({ title: 'Draft', date: '2025-06-01', extra: `newsletter: true\ncorrection: "${NOTE}"` }) });
    await releaseDueSends(later(11));
    await sendDueCorrections(later(30));
    expect(copiesOf('Draft')).toEqual(readers);
    expect(mail().messages.filter((m) => m.subject?.includes('Correction'))).toEqual([]);
  });
});
