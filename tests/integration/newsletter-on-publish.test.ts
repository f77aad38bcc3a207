/**
 * Issue 11, the newsletter on publish: an issue with `newsletter: true` that goes live is held for
 * NEWSLETTER_HOLD_MINUTES (the author gets a preview at once), then sent to every confirmed reader
 * exactly once, whatever the pushes, restarts and instances; or not at all after a cancel.
 * Real SMTP server, real databases; "instances" are child processes on the same database.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { resetEnvForTest } from '@/lib/env';
import { resetTransportForTest } from '@/lib/mail/transport';
import { cancelAsAuthor, cancelByLink, getHeldSends } from '@/lib/newsletter/hold-service';
import { getNextReleaseAt, onIssuesLive, releaseDueSends } from '@/lib/newsletter/on-publish';
import { sendIssue } from '@/lib/newsletter/send';
import { testDatabases, useTestDatabase } from '../support/databases';
import { cancelTokenIn, HELD_SLUG, HELD_TITLE, issueOf, minutes, PLAIN_SLUG, useHoldContent } from '../support/newsletter-hold';
import { startSmtpSink } from '../support/smtp';

const ROOT = path.resolve(import.meta.dirname, '../..');
const AUTHOR = 'robin@notes.example';
const ENV = { SITE_URL: 'https://notes.example', AUTHOR_EMAIL: AUTHOR, APP_SECRET: 'test-secret-test-secret-test-secret-42', LOG_LEVEL: 'silent' };
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
const content = useHoldContent();
const recipientOf = (m: ParsedMail) => (Array.isArray(m.to) ? m.to[0] : m.to)?.value[0]?.address ?? '';
const readerCopies = () => sink.messages.filter((m) => recipientOf(m) !== AUTHOR);
const previews = () => sink.to(AUTHOR);

beforeAll(async () => {
  sink = await startSmtpSink();
  delete process.env.NEWSLETTER_HOLD_MINUTES; // the default a user gets, unless a test says otherwise
  Object.assign(process.env, ENV, { SMTP_URL: sink.url });
  resetEnvForTest();
  resetTransportForTest();
});
afterAll(async () => {
  await sink.close();
});

/** Runs `count` instances (child processes) at once: each sees the issues go live again, then releases what is due at `at`. */
async function runInstances(count: number, at: Date, databaseUrl: string): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'masthead-instances-'));
  const go = path.join(dir, 'go');
  try {
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), NODE_ENV: 'development', DATABASE_URL: databaseUrl, SMTP_URL: sink.url, CONTENT_DIR: content.dir(), ...ENV };
    const children = Array.from({ length: count }, () => {
      const child = spawn(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), '--conditions=react-server', 'tests/support/newsletter-instance.ts', at.toISOString(), go], { cwd: ROOT, env });
      let out = '';
      let err = '';
      const ready = new Promise<void>((resolve) => child.stdout.on('data', (d) => (out += d).includes('ready') && resolve()));
      child.stderr.on('data', (d) => (err += d));
      const exit = new Promise<void>((resolve, reject) => child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`instance exited ${code}: ${err}`)))));
      return { ready, exit };
    });
    await Promise.race([Promise.all(children.map((c) => c.ready)), Promise.all(children.map((c) => c.exit))]);
    writeFileSync(go, ''); // every instance is up: they release at once
    await Promise.all(children.map((c) => c.exit));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe.each(testDatabases)('the newsletter on publish on $kind', ({ kind }) => {
  const database = useTestDatabase(kind);
  const addReaders = async (emails: string[], status = 'confirmed') => {
    await database().db.subscriber.createMany({ data: emails.map((email) => ({ email, status, source: 'inline' })) });
  };
  beforeEach(() => {
    sink.messages.length = 0;
    delete process.env.NEWSLETTER_HOLD_MINUTES;
    resetEnvForTest();
  });

  it('sends one copy per reader and one preview, after two pushes, a restart and two instances releasing at once', { timeout: 120_000 }, async () => {
    const readers = Array.from({ length: 150 }, (_, i) => `reader${i}@example.com`);
    await addReaders(readers);
    await addReaders(['waiting@example.com'], 'pending');
    await addReaders(['left@example.com'], 'unsubscribed');
    const live = new Date();
    await onIssuesLive([issueOf(HELD_SLUG), issueOf(PLAIN_SLUG)], live);
    await onIssuesLive([issueOf(HELD_SLUG)], minutes(live, 3)); // a second push of the same issue, edited or not

    expect(previews()).toHaveLength(1);
    expect(previews()[0]!.subject).toBe(`Preview: ${HELD_TITLE}`);
    expect(previews()[0]!.text).toContain('goes to 150 confirmed subscribers');
    expect(readerCopies()).toHaveLength(0);
    expect(await getNextReleaseAt()).toEqual(minutes(live, 10));
    expect(await getHeldSends(minutes(live, 1))).toEqual([{ slug: HELD_SLUG, subject: HELD_TITLE, releaseAt: minutes(live, 10), timeLeft: '9 min' }]);

    await releaseDueSends(minutes(live, 9)); // still within the hold
    expect(readerCopies()).toHaveLength(0);

    // Two restarted instances: both see the issue live again, both release when the hold is over.
    await runInstances(2, minutes(live, 11), database().url);
    await releaseDueSends(minutes(live, 12)); // and this one, later
    await onIssuesLive([issueOf(HELD_SLUG)], minutes(live, 20));

    const copies = readerCopies().map(recipientOf).sort();
    expect(copies).toEqual([...readers].sort());
    expect(previews()).toHaveLength(1);
    expect(readerCopies().every((m) => m.subject === HELD_TITLE && !m.text?.includes('Cancel this send'))).toBe(true);
    expect(await database().db.delivery.count({ where: { status: 'sent' } })).toBe(150);
    expect(await database().db.heldSend.findUniqueOrThrow({ where: { slug: HELD_SLUG } })).toMatchObject({ cancelledAt: null, releasedAt: minutes(live, 11), finishedAt: expect.any(Date) });
    expect(await database().db.heldSend.count()).toBe(1); // the issue without the flag is never held
    expect(await getNextReleaseAt()).toBeNull();
  });

  it('sends nothing after a cancel within the hold, and refuses a cancel once the send has started', async () => {
    await addReaders(['ada@example.com', 'bo@example.com']);
    const live = new Date();
    await onIssuesLive([issueOf(HELD_SLUG)], live);
    const token = cancelTokenIn(previews()[0]!);
    expect(await cancelByLink(token, minutes(live, 4))).toEqual({ ok: true, value: { subject: HELD_TITLE } });
    expect(await cancelByLink(token, minutes(live, 5))).toEqual({ ok: false, error: 'cancelled' });
    await releaseDueSends(minutes(live, 30));
    await onIssuesLive([issueOf(HELD_SLUG)], minutes(live, 31)); // a later push does not hold it again
    expect(readerCopies()).toHaveLength(0);
    expect(previews()).toHaveLength(1);
    expect(await database().db.newsletterSend.count()).toBe(0);
    expect(await getHeldSends()).toEqual([]);
    expect(await getNextReleaseAt()).toBeNull();
  });

  it('refuses a cancel after the release, from the link or the admin page', async () => {
    await addReaders(['ada@example.com']);
    const live = new Date();
    await onIssuesLive([issueOf(HELD_SLUG)], live);
    await releaseDueSends(minutes(live, 10));
    expect(readerCopies().map(recipientOf)).toEqual(['ada@example.com']);
    expect(await cancelByLink(cancelTokenIn(previews()[0]!), minutes(live, 11))).toEqual({ ok: false, error: 'released' });
    expect(await cancelAsAuthor(HELD_SLUG, minutes(live, 11))).toEqual({ ok: false, error: 'released' });
  });

  it('leaves a held issue to its hold: newsletter:send and the admin button refuse it until then; issues without the flag send as before', async () => {
    await addReaders(['ada@example.com']);
    const live = new Date();
    await onIssuesLive([issueOf(HELD_SLUG)], live);
    expect(await sendIssue(HELD_SLUG)).toEqual({ ok: false, error: 'held' });
    expect(await sendIssue(PLAIN_SLUG)).toMatchObject({ ok: true, value: { sent: 1 } });
    expect((await sendIssue(HELD_SLUG, { testTo: AUTHOR })).ok).toBe(true); // a test copy is fine
    expect(readerCopies().map((m) => m.subject)).toEqual(['Quiet Friday']);
  });

  it('does not hold an issue that was already sent by hand', async () => {
    await addReaders(['ada@example.com']);
    await database().db.newsletterSend.create({ data: { slug: HELD_SLUG, subject: HELD_TITLE, finishedAt: new Date() } });
    await onIssuesLive([issueOf(HELD_SLUG)]);
    await releaseDueSends(minutes(new Date(), 60));
    expect(sink.messages).toHaveLength(0);
    expect(await database().db.heldSend.count()).toBe(0);
  });

  it('on the real clock: the default hold keeps the send back; NEWSLETTER_HOLD_MINUTES=0 sends at the next release', async () => {
    await addReaders(['ada@example.com', 'bo@example.com']);
    const before = Date.now();
    await onIssuesLive([issueOf(HELD_SLUG)]);
    await releaseDueSends();
    expect(readerCopies()).toHaveLength(0);
    const held = await database().db.heldSend.findUniqueOrThrow({ where: { slug: HELD_SLUG } });
    expect(held.releaseAt.getTime() - held.heldAt.getTime()).toBe(10 * 60_000);
    expect(held.heldAt.getTime()).toBeGreaterThanOrEqual(before);

    await database().reset();
    sink.messages.length = 0;
    await addReaders(['ada@example.com', 'bo@example.com']);
    process.env.NEWSLETTER_HOLD_MINUTES = '0';
    resetEnvForTest();
    await onIssuesLive([issueOf(HELD_SLUG)]);
    expect(previews()[0]!.text).toContain('is being sent to 2 confirmed subscribers now');
    expect(previews()[0]!.text).not.toContain('Cancel this send');
    await releaseDueSends();
    expect(readerCopies().map(recipientOf).sort()).toEqual(['ada@example.com', 'bo@example.com']);
  });
});
