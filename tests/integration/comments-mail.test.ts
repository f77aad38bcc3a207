import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sendSignInLink, signInWithLink, signInWithPassword } from '@/lib/auth/service';
import type { RequestContext } from '@/lib/comments/context';
import { createReaderFormToken } from '@/lib/comments/form-guard';
import { flushDeliveries, sendDigest } from '@/lib/comments/notifications';
import { stopReplyEmailsByToken } from '@/lib/comments/reply-addresses';
import { createComment } from '@/lib/comments/service';
import { resetEnvForTest } from '@/lib/env';
import { resetTransportForTest } from '@/lib/mail/transport';
import { testDatabases, useTestDatabase } from '../support/databases';
import { confirmFromMail } from '../support/replies';
import { startSmtpSink } from '../support/smtp';

const SLUG = 'small-tools-sharp-edges';
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
const setEnv = (vars: Record<string, string>) => {
  Object.assign(process.env, vars);
  resetEnvForTest();
};
const ctx = (): RequestContext => ({ ip: '192.0.2.9', now: new Date(), isAuthor: false, ownIds: new Set() });
const post = async (over: Record<string, unknown>) => {
  const r = await createComment({ slug: SLUG, formToken: createReaderFormToken(SLUG, new Date(Date.now() - 60_000)), body: `Words ${Math.random()}`, ...over }, ctx());
  if (!r.ok) throw new Error(r.error);
  return r.value;
};

beforeAll(async () => {
  sink = await startSmtpSink();
  setEnv({
    AUTHOR_NAME: 'Robin Hale', AUTHOR_EMAIL: 'robin@example.com', APP_SECRET: 'test-secret-test-secret-test-secret-42',
    SMTP_URL: sink.url, COMMENTS_RATE_LIMIT: 'off', COMMENTS_MIN_SECONDS: '0', COMMENTS_MODERATION: 'post', AUTHOR_PASSWORD: 'a long enough password',
  });
  resetTransportForTest();
});
afterAll(async () => {
  resetTransportForTest();
  await sink.close();
});

describe.each(testDatabases)('comment emails and sign-in on $kind', ({ kind }) => {
  useTestDatabase(kind);
  // Background deliveries of one test must land before its rows are wiped and the next test counts mail.
  afterEach(() => flushDeliveries());
  beforeEach(() => {
    sink.messages.length = 0;
    setEnv({ COMMENTS_NOTIFY: 'each' });
  });

  it('sends the author one daily digest instead of an email per comment', async () => {
    setEnv({ COMMENTS_NOTIFY: 'digest' });
    await post({ name: 'Ada' });
    await post({ name: 'Bo' });
    await flushDeliveries();
    expect(sink.messages).toHaveLength(0);
    expect(await sendDigest()).toEqual({ comments: 2 });
    expect(sink.to('robin@example.com').map((m) => m.subject)).toEqual(['2 new comments on Notes from the CTO']);
    expect(await sendDigest()).toEqual({ comments: 0 });
    expect(sink.messages).toHaveLength(1);
  });

  // Confirming the address first is a full mail round trip: room for it on a loaded machine.
  it("stops exactly one person's reply emails from the link, and refuses a tampered link", { timeout: 30_000 }, async () => {
    const ada = await post({ name: 'Ada', email: 'ada@example.com', notifyReplies: 'on' });
    const bo = await post({ name: 'Bo', email: 'bo@example.com', notifyReplies: 'on' });
    await confirmFromMail(sink, 'ada@example.com');
    await confirmFromMail(sink, 'bo@example.com');
    sink.messages.length = 0;
    await post({ parentId: ada.id });
    await flushDeliveries();
    const link = /https?:\/\/\S+stop-replies\?token=(\S+)/.exec(sink.to('ada@example.com')[0]!.text!)!;
    const token = decodeURIComponent(link[1]!);
    expect(await stopReplyEmailsByToken(`${token.slice(0, -2)}xx`)).toMatchObject({ ok: false });
    expect(await stopReplyEmailsByToken(token)).toEqual({ ok: true, value: 'ada@example.com' });
    sink.messages.length = 0;
    await post({ parentId: ada.id });
    await post({ parentId: bo.id });
    await flushDeliveries();
    expect(sink.to('ada@example.com')).toHaveLength(0);
    expect(sink.to('bo@example.com')).toHaveLength(1);
  });

  it('signs the author in with a one-time emailed link, or the password', async () => {
    expect((await sendSignInLink('192.0.2.10')).ok).toBe(true);
    const mail = sink.to('robin@example.com')[0]!;
    const token = /verify\?token=([A-Za-z0-9_-]+)/.exec(mail.text!)![1]!;
    expect(await signInWithLink(token)).toMatchObject({ ok: true });
    expect(await signInWithLink(token)).toMatchObject({ ok: false, error: 'invalid-link' });
    expect(await signInWithLink('x'.repeat(43))).toMatchObject({ ok: false, error: 'invalid-link' });
    expect(await signInWithPassword('a long enough password', '192.0.2.11')).toMatchObject({ ok: true });
    expect(await signInWithPassword('wrong', '192.0.2.11')).toMatchObject({ ok: false, error: 'wrong-password' });
  });

  it('rate-limits sign-in attempts per address', async () => {
    const results = [];
    for (let i = 0; i < 12; i++) results.push(await signInWithPassword('wrong', '192.0.2.12'));
    expect(results.slice(0, 10).every((r) => !r.ok && r.error === 'wrong-password')).toBe(true);
    expect(results[10]).toMatchObject({ ok: false, error: 'rate-limited' });
    // Even the right password waits out the window: guessing gains nothing.
    expect(await signInWithPassword('a long enough password', '192.0.2.12')).toMatchObject({ ok: false, error: 'rate-limited' });
  });
});
