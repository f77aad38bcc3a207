import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { resetEnvForTest } from '@/lib/env';
import { resetTransportForTest } from '@/lib/mail/transport';
import { exportSubscribersCsv, importSubscribersCsv } from '@/lib/newsletter/admin';
import { confirmUrl } from '@/lib/newsletter/links';
import { confirmSubscription, getCallToAction, subscribe as subscribeNow, unsubscribe } from '@/lib/newsletter/service';
import { flushSubscribeWork } from '@/lib/newsletter/subscribe-queue';
import { testDatabases, useTestDatabase } from '../support/databases';
import { startSmtpSink } from '../support/smtp';

let sink: Awaited<ReturnType<typeof startSmtpSink>>;
const setEnv = (vars: Record<string, string>) => {
  Object.assign(process.env, vars);
  resetEnvForTest();
};
let ipCounter = 0;
const ctx = (now = new Date()) => ({ ip: `198.18.0.${++ipCounter % 250}`, now });
/** Subscribes and waits for the work done after the response (storing the reader, the email). */
const subscribe = async (...args: Parameters<typeof subscribeNow>) => {
  const result = await subscribeNow(...args);
  await flushSubscribeWork();
  return result;
};
const linkIn = (text: string, path: string) => decodeURIComponent(new RegExp(`${path}\\?token=([^\\s>]+)`).exec(text)![1]!);

beforeAll(async () => {
  sink = await startSmtpSink();
  setEnv({ SITE_TITLE: 'Notes from the CTO', AUTHOR_EMAIL: 'robin@example.com', APP_SECRET: 'test-secret-test-secret-test-secret-42', SMTP_URL: sink.url, SUBSCRIBE_RATE_LIMIT: 'off' });
  resetTransportForTest();
});
afterAll(async () => {
  resetTransportForTest();
  await sink.close();
});

describe.each(testDatabases)('subscriptions on $kind', ({ kind }) => {
  const database = useTestDatabase(kind);
  beforeEach(() => {
    sink.messages.length = 0;
    setEnv({ SUBSCRIBE_RATE_LIMIT: 'off' });
  });

  it('subscribe → confirmation email → confirm → counted, with one welcome email', async () => {
    const answer = await subscribe({ email: '  Ada.Lovelace@EXAMPLE.com ', source: 'popup' }, ctx());
    expect(answer).toMatchObject({ ok: true, value: { email: 'Ada.Lovelace@example.com' } });
    expect((answer as { value: { message: string } }).value.message).toMatch(/check your inbox/i);
    const row = await database().db.subscriber.findUniqueOrThrow({ where: { email: 'Ada.Lovelace@example.com' } });
    expect(row).toMatchObject({ status: 'pending', source: 'popup' });
    expect(row.consentAt).toBeInstanceOf(Date);

    const mail = sink.to('Ada.Lovelace@example.com')[0]!;
    expect(mail.subject).toBe('Confirm your subscription to Notes from the CTO');
    const token = linkIn(mail.text!, '/subscribe/confirm');
    expect(await confirmSubscription(token)).toEqual({ ok: true, value: { email: 'Ada.Lovelace@example.com' } });
    expect(await confirmSubscription(token)).toMatchObject({ ok: true }); // a second click is harmless
    expect(await database().db.subscriber.count({ where: { status: 'confirmed' } })).toBe(1);
    const welcome = sink.to('Ada.Lovelace@example.com').filter((m) => m.subject === 'Welcome to Notes from the CTO');
    expect(welcome).toHaveLength(1);
    expect(welcome[0]!.text).toContain('/unsubscribe?token=');
  });

  it('answers the same whether or not an address is known, without mailing confirmed readers again', async () => {
    const first = await subscribe({ email: 'bo@example.com', source: 'footer' }, ctx());
    await confirmSubscription(linkIn(sink.to('bo@example.com')[0]!.text!, '/subscribe/confirm'));
    sink.messages.length = 0;
    const again = await subscribe({ email: 'bo@example.com', source: 'inline' }, ctx());
    expect(again).toMatchObject({ ok: true, value: { email: first.ok && first.value.email, message: first.ok && first.value.message } });
    expect(sink.messages).toHaveLength(0);
  });

  it('unsubscribes by the personal link, and lets the reader come back', async () => {
    await subscribe({ email: 'cy@example.com', source: 'inline' }, ctx());
    await confirmSubscription(linkIn(sink.to('cy@example.com')[0]!.text!, '/subscribe/confirm'));
    const unsub = linkIn(sink.to('cy@example.com').at(-1)!.text!, '/unsubscribe');
    expect(await unsubscribe(unsub)).toEqual({ ok: true, value: { email: 'cy@example.com' } });
    expect(await database().db.subscriber.findUnique({ where: { email: 'cy@example.com' } })).toMatchObject({ status: 'unsubscribed' });

    sink.messages.length = 0;
    await subscribe({ email: 'cy@example.com', source: 'popup' }, ctx());
    expect(await database().db.subscriber.findUnique({ where: { email: 'cy@example.com' } })).toMatchObject({ status: 'pending', source: 'popup' });
    await confirmSubscription(linkIn(sink.to('cy@example.com')[0]!.text!, '/subscribe/confirm'));
    expect(await database().db.subscriber.findUnique({ where: { email: 'cy@example.com' } })).toMatchObject({ status: 'confirmed' });
  });

  it('refuses tampered and expired tokens and changes nothing', async () => {
    await subscribe({ email: 'di@example.com', source: 'inline' }, ctx());
    const token = linkIn(sink.to('di@example.com')[0]!.text!, '/subscribe/confirm');
    const tampered = `${token.slice(0, 10)}${token[10] === 'A' ? 'B' : 'A'}${token.slice(11)}`;
    expect(await confirmSubscription(tampered)).toEqual({ ok: false, error: 'invalid' });
    const eightDaysAgo = new Date(Date.now() - 8 * 24 * 3600 * 1000);
    const { id } = await database().db.subscriber.findUniqueOrThrow({ where: { email: 'di@example.com' } });
    const old = decodeURIComponent(confirmUrl(id, eightDaysAgo).split('token=')[1]!);
    expect(await confirmSubscription(old)).toEqual({ ok: false, error: 'expired' });
    expect(await unsubscribe('not-a-token')).toEqual({ ok: false, error: 'invalid' });
    expect(await database().db.subscriber.findUnique({ where: { email: 'di@example.com' } })).toMatchObject({ status: 'pending' });
  });

  it('refuses header injection and absurd input with a clear message, storing nothing', async () => {
    for (const email of ['a@example.com\r\nBcc: all@example.com', 'not an email', 'x'.repeat(300) + '@example.com', '', 'a@b@example.com']) {
      const result = await subscribe({ email, source: 'inline' }, ctx());
      expect(result).toMatchObject({ ok: false, error: 'invalid' });
      expect((result as unknown as { fieldErrors: { email: string[] } }).fieldErrors.email[0]).toMatch(/email/i);
    }
    expect(await subscribe({ email: 'bot@example.com', website: 'http://spam.example' }, ctx())).toMatchObject({ ok: true });
    expect(await database().db.subscriber.count()).toBe(0);
    expect(sink.messages).toHaveLength(0);
  });

  it('rate-limits subscribing per address, across instances (in the database)', async () => {
    setEnv({ SUBSCRIBE_RATE_LIMIT: '3/10m' });
    const at = { ip: '203.0.113.99', now: new Date() };
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => subscribe({ email: `r${i}@example.com` }, at)));
    expect(results.filter((r) => r.ok)).toHaveLength(3);
    expect(results.find((r) => !r.ok)).toMatchObject({ error: 'rate-limited' });
  });

  it('puts the live, friendly count in the call to action', async () => {
    setEnv({ NEWSLETTER_CTA: 'Join more than {count} future CTOs.' });
    const now = new Date();
    await database().db.subscriber.createMany({ data: Array.from({ length: 37 }, (_, i) => ({ email: `c${i}@example.com`, status: 'confirmed', source: 'import', confirmedAt: now })) });
    expect(await getCallToAction()).toBe('Join more than 37 future CTOs.');
  });

  it('imports a CSV with the real line of each refused row, and exports formulas defused', async () => {
    const csv = 'Email,Consent At\r\n\r\nimported@example.com,2026-01-02T00:00:00Z\r\n"not an\naddress",\r\nlater@example.com,someday\r\n-cmd@example.com,\r\n';
    const report = await importSubscribersCsv(csv, new Date('2026-03-01T00:00:00Z'));
    expect(report).toEqual({
      added: 2,
      skipped: 0,
      invalid: [
        { line: 4, reason: '"not an\naddress" is not a valid email address' },
        { line: 6, reason: '"someday" is not a date' },
      ],
    });
    expect(await importSubscribersCsv(csv)).toMatchObject({ added: 0, skipped: 2 }); // again: nothing doubles
    expect(await importSubscribersCsv('name\nAda\n')).toEqual({ added: 0, skipped: 0, invalid: [{ line: 1, reason: 'The first line must name the columns, with one called "email".' }] });
    let exported = '';
    for await (const chunk of exportSubscribersCsv()) exported += chunk;
    const lines = exported.trimEnd().split('\n');
    expect(lines[0]).toBe('email,status,source,consent_at,confirmed_at,unsubscribed_at,bounced_at,created_at');
    expect(lines.find((l) => l.includes('cmd@'))).toMatch(/^'-cmd@example\.com,confirmed,import,/);
    expect(lines.find((l) => l.startsWith('imported@'))).toContain(',2026-01-02T00:00:00.000Z,');
  });
});
