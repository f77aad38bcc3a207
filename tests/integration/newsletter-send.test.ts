import type { ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { resetEnvForTest } from '@/lib/env';
import { resetTransportForTest } from '@/lib/mail/transport';
import { readUnsubscribeToken } from '@/lib/newsletter/links';
import { getSendHistory, sendIssue, type SendOptions } from '@/lib/newsletter/send';
import { testDatabases, useTestDatabase } from '../support/databases';
import { startSmtpSink } from '../support/smtp';

const SLUG = 'keeping-a-lab-notebook';
const TITLE = 'Keeping a lab notebook';
const FAST_RETRY: SendOptions['retry'] = { attempts: 3, baseDelayMs: 5 };
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
const setEnv = (vars: Record<string, string>) => {
  Object.assign(process.env, vars);
  resetEnvForTest();
};
const recipientOf = (m: ParsedMail) => (Array.isArray(m.to) ? m.to[0] : m.to)?.value[0]?.address ?? '';
const header = (m: ParsedMail, key: string) => m.headerLines.find((h) => h.key === key)?.line.replace(/^[^:]+:\s*/, '');

/** An SMTP server that answers 451 to the first `failures` RCPTs for each address in `flaky`, then accepts. */
async function startFlakySink(flaky: string[], failures: number) {
  const seen = new Map<string, number>();
  const accepted: string[] = [];
  const server = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
    onRcptTo(address, _session, callback) {
      const n = (seen.get(address.address) ?? 0) + 1;
      seen.set(address.address, n);
      if (flaky.includes(address.address) && n <= failures) return callback(Object.assign(new Error('try again later'), { responseCode: 451 }));
      callback();
    },
    onData(stream, session, callback) {
      stream.resume();
      stream.on('end', () => {
        accepted.push(...session.envelope.rcptTo.map((r) => r.address));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `smtp://127.0.0.1:${(server.server.address() as { port: number }).port}`, accepted, seen, close: () => new Promise<void>((r) => server.close(() => r())) };
}

beforeAll(async () => {
  sink = await startSmtpSink({ rejectRecipients: /^bounce/ });
  setEnv({ SITE_URL: 'https://notes.example', AUTHOR_EMAIL: 'robin@notes.example', APP_SECRET: 'test-secret-test-secret-test-secret-42', SMTP_URL: sink.url });
  resetTransportForTest();
});
afterAll(async () => {
  resetTransportForTest();
  await sink.close();
});

describe.each(testDatabases)('sending an issue on $kind', ({ kind }) => {
  const database = useTestDatabase(kind);
  const addReaders = async (emails: string[], status = 'confirmed') => {
    await database().db.subscriber.createMany({ data: emails.map((email) => ({ email, status, source: 'inline' })) });
    return database().db.subscriber.findMany({ where: { email: { in: emails } }, orderBy: { id: 'asc' } });
  };
  const send = async (options: SendOptions = {}) => {
    const result = await sendIssue(SLUG, { retry: FAST_RETRY, ...options });
    if (!result.ok) throw new Error(result.error);
    return result.value;
  };
  beforeEach(() => {
    sink.messages.length = 0;
    setEnv({ SMTP_URL: sink.url });
  });

  it('refuses to start while another process holds the send, and starts once its lease lapses', async () => {
    await addReaders(['ada@example.com', 'bo@example.com']);
    const row = await database().db.newsletterSend.create({
      data: { slug: SLUG, subject: TITLE, leaseOwner: 'another-process', leaseUntil: new Date(Date.now() + 60_000) },
    });
    expect(await sendIssue(SLUG, { retry: FAST_RETRY })).toEqual({ ok: false, error: 'already-sending' });
    expect(sink.messages).toHaveLength(0);
    // That process was killed: its lease ran out.
    await database().db.newsletterSend.update({ where: { id: row.id }, data: { leaseUntil: new Date(Date.now() - 1) } });
    expect((await send()).sent).toBe(2);
    expect(await database().db.newsletterSend.findUnique({ where: { id: row.id } })).toMatchObject({ leaseOwner: null, leaseUntil: null });
  });

  it('sends every confirmed reader one personal copy, and nobody else', async () => {
    const readers = await addReaders(['ada@example.com', 'bo@example.com', 'cy@example.com']);
    await addReaders(['pending@example.com'], 'pending');
    await addReaders(['gone@example.com'], 'unsubscribed');
    await addReaders(['old-bounce@example.com'], 'bounced');

    const summary = await send();
    expect(summary).toMatchObject({ mode: 'send', total: 3, sent: 3, skipped: 0, bounced: 0, failed: 0, ambiguous: 0, stopped: null });
    expect(sink.messages.map(recipientOf).sort()).toEqual(['ada@example.com', 'bo@example.com', 'cy@example.com']);
    const sendRow = await database().db.newsletterSend.findUniqueOrThrow({ where: { slug: SLUG } });
    for (const reader of readers) {
      const [mail] = sink.to(reader.email);
      expect(mail!.subject).toBe(TITLE);
      expect(mail!.messageId).toBe(`<newsletter-${sendRow.id}-${reader.id}@notes.example>`);
      expect(header(mail!, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
      expect(header(mail!, 'list-id')).toBe('"Notes from the CTO" <newsletter.notes.example>');
      const url = /^<(https:\/\/notes\.example\/unsubscribe\?token=[^>]+)>$/.exec(header(mail!, 'list-unsubscribe') ?? '')?.[1];
      expect(readUnsubscribeToken(new URL(url!).searchParams.get('token')), 'the link unsubscribes this reader').toBe(reader.id);
      expect(mail!.text).toContain('What goes in it\n---------------');
      expect(mail!.text).toContain(`Unsubscribe: ${url}`);
      expect(mail!.html).toContain('View in your browser');
      expect(mail!.html).toContain('href="https://notes.example/keeping-a-lab-notebook"');
      expect(mail!.html).toContain(`href="${url!.replace(/&/g, '&amp;')}"`);
    }
    expect(await database().db.delivery.groupBy({ by: ['status'], _count: { _all: true } })).toEqual([{ status: 'sent', _count: { _all: 3 } }]);
    expect(sendRow.finishedAt).not.toBeNull();
  });

  it('sends nobody a second copy when run again', async () => {
    await addReaders(['ada@example.com', 'bo@example.com']);
    await send();
    await addReaders(['late@example.com']);
    sink.messages.length = 0;
    expect(await send()).toMatchObject({ sent: 1, skipped: 2 });
    expect(sink.messages.map(recipientOf)).toEqual(['late@example.com']);
    sink.messages.length = 0;
    expect(await send()).toMatchObject({ sent: 0, skipped: 3 });
    expect(sink.messages).toHaveLength(0);
    expect(await getSendHistory()).toEqual([expect.objectContaining({ slug: SLUG, subject: TITLE, sent: 3, failed: 0, bounced: 0 })]);
  });

  it('finishes an interrupted send on the next run, with exactly one copy each', async () => {
    const emails = Array.from({ length: 120 }, (_, i) => `reader${i}@example.com`);
    await addReaders(emails);
    const controller = new AbortController();
    const first = await send({ rate: 200, signal: controller.signal, onProgress: (p) => p.sent >= 30 && controller.abort() });
    expect(first.stopped).toBe('signal');
    expect(first.sent).toBeGreaterThanOrEqual(30);
    expect(first.sent).toBeLessThan(120);
    expect(sink.messages).toHaveLength(first.sent);
    // A graceful stop records what was in flight and releases the rest: nothing is left ambiguous.
    expect(await database().db.delivery.count({ where: { status: 'sending' } })).toBe(0);
    expect((await database().db.newsletterSend.findUniqueOrThrow({ where: { slug: SLUG } })).finishedAt).toBeNull();

    const second = send({ rate: 500 });
    expect(await sendIssue(SLUG)).toEqual({ ok: false, error: 'already-sending' });
    expect(await second).toMatchObject({ sent: 120 - first.sent, skipped: first.sent, ambiguous: 0, stopped: null });
    expect(sink.messages.map(recipientOf).sort()).toEqual([...emails].sort());
  });

  it('re-sends the claims a killed run left behind, once, with the same Message-ID', async () => {
    const [sent, ambiguous, fresh] = await addReaders(['sent@example.com', 'ambiguous@example.com', 'fresh@example.com']);
    const { id: sendId } = await database().db.newsletterSend.create({ data: { slug: SLUG, subject: TITLE } });
    await database().db.delivery.createMany({ data: [
      { sendId, subscriberId: sent!.id, status: 'sent', attempts: 1 },
      { sendId, subscriberId: ambiguous!.id, status: 'sending', attempts: 0 },
    ] });
    expect(await send()).toMatchObject({ sent: 2, skipped: 1, ambiguous: 1 });
    expect(sink.messages.map(recipientOf).sort()).toEqual(['ambiguous@example.com', 'fresh@example.com']);
    expect(sink.to('ambiguous@example.com')[0]!.messageId).toBe(`<newsletter-${sendId}-${ambiguous!.id}@notes.example>`);
    expect(await database().db.delivery.count({ where: { status: 'sent' } })).toBe(3);
    expect(fresh).toBeDefined();
  });

  it('marks a 5xx recipient bounced, delivery and subscriber, and never tries it again', async () => {
    const [, bouncer] = await addReaders(['ada@example.com', 'bounce-me@example.com']);
    expect(await send()).toMatchObject({ sent: 1, bounced: 1, failed: 0 });
    expect(await database().db.delivery.findFirstOrThrow({ where: { subscriberId: bouncer!.id } })).toMatchObject({ status: 'bounced', attempts: 1 });
    expect(await database().db.subscriber.findUniqueOrThrow({ where: { id: bouncer!.id } })).toMatchObject({ status: 'bounced', bouncedAt: expect.any(Date) });
    expect(await send()).toMatchObject({ total: 1, sent: 0, bounced: 0, skipped: 1 });
    expect((await getSendHistory())[0]).toMatchObject({ sent: 1, bounced: 1 });
  });

  it('retries a temporary failure with backoff until the server accepts it', async () => {
    const flaky = await startFlakySink(['flaky@example.com'], 2);
    try {
      setEnv({ SMTP_URL: flaky.url });
      const [, reader] = await addReaders(['steady@example.com', 'flaky@example.com']);
      expect(await send()).toMatchObject({ sent: 2, failed: 0, bounced: 0 });
      expect(flaky.seen.get('flaky@example.com')).toBe(3);
      expect(flaky.accepted.sort()).toEqual(['flaky@example.com', 'steady@example.com']);
      expect(await database().db.delivery.findFirstOrThrow({ where: { subscriberId: reader!.id } })).toMatchObject({ status: 'sent', attempts: 3 });
    } finally {
      await flaky.close();
    }
  });

  it('gives up on a failure that stays temporary, and tries it again only when asked', async () => {
    const flaky = await startFlakySink(['flaky@example.com'], 3);
    try {
      setEnv({ SMTP_URL: flaky.url });
      const [, reader] = await addReaders(['steady@example.com', 'flaky@example.com']);
      expect(await send()).toMatchObject({ sent: 1, failed: 1 });
      expect(await database().db.delivery.findFirstOrThrow({ where: { subscriberId: reader!.id } })).toMatchObject({ status: 'failed', attempts: 3, error: expect.stringContaining('451') });
      expect(await send()).toMatchObject({ sent: 0, failed: 0, skipped: 2 });
      expect(await send({ retryFailed: true })).toMatchObject({ sent: 1, skipped: 1 });
      expect(flaky.accepted.sort()).toEqual(['flaky@example.com', 'steady@example.com']);
    } finally {
      await flaky.close();
    }
  });

  it('leaves readers for the next run when the server cannot be reached, instead of failing them', async () => {
    const closed = await startFlakySink([], 0);
    await closed.close();
    setEnv({ SMTP_URL: closed.url });
    await addReaders(Array.from({ length: 30 }, (_, i) => `reader${i}@example.com`));
    expect(await send()).toMatchObject({ sent: 0, failed: 0, bounced: 0, done: 0, stopped: 'smtp-unavailable' });
    expect(await database().db.delivery.count()).toBe(0);
    setEnv({ SMTP_URL: sink.url });
    expect(await send()).toMatchObject({ sent: 30, stopped: null });
  });

  it('counts without sending or recording on a dry run, and sends one unrecorded preview with --test-to', async () => {
    await addReaders(['ada@example.com', 'bo@example.com']);
    expect(await send({ dryRun: true })).toMatchObject({ mode: 'dry-run', total: 2, sent: 2 });
    expect(await send({ testTo: 'author@example.com' })).toMatchObject({ mode: 'test', sent: 1 });
    expect(sink.messages.map(recipientOf)).toEqual(['author@example.com']);
    expect(sink.messages[0]!.subject).toBe(TITLE);
    expect(await database().db.newsletterSend.count()).toBe(0);
    expect(await database().db.delivery.count()).toBe(0);
    expect(await sendIssue(SLUG, { testTo: 'not an address' })).toEqual({ ok: false, error: 'invalid-test-address' });
    expect(await sendIssue('no-such-issue')).toEqual({ ok: false, error: 'unknown-issue' });
  });
});
