/**
 * Issue 10, point 14: a confirmation link sent before the reader unsubscribed must not subscribe
 * them again (nor send the welcome email again). Default settings; a real SMTP server.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { postConfirm, showConfirm } from '@/app/_handlers/newsletter';
import { getEnv } from '@/lib/env';
import { confirmSubscription, subscribe, unsubscribe } from '@/lib/newsletter/service';
import { flushSubscribeWork } from '@/lib/newsletter/subscribe-queue';
import { testDatabases, useTestDatabase } from '../support/databases';
import { tokenIn } from '../support/replies';
import { useMailSinkWithDefaults } from '../support/smtp';

const mail = useMailSinkWithDefaults();
let ip = 0;
const ctx = () => ({ ip: `198.18.1.${++ip}`, now: new Date() });
const EMAIL = 'leaver@example.com';


describe.each(testDatabases)('confirmation links after unsubscribing on $kind', { timeout: 60_000 }, ({ kind }) => {
  const database = useTestDatabase(kind);
  beforeEach(() => {
    mail().messages.length = 0;
  });
  const welcomes = () => mail().to(EMAIL).filter((m) => m.subject?.startsWith('Welcome'));

  it('refuses a confirmation link older than the unsubscribe with a clear page, and a new one works', async () => {
    await subscribe({ email: EMAIL, source: 'inline' }, ctx());
    await flushSubscribeWork();
    const first = tokenIn(mail().to(EMAIL)[0], '/subscribe/confirm');
    expect(await confirmSubscription(first)).toMatchObject({ ok: true });
    expect(await unsubscribe(tokenIn(welcomes()[0], '/unsubscribe'))).toMatchObject({ ok: true });

    expect(await confirmSubscription(first)).toEqual({ ok: false, error: 'stale' });
    const page = await showConfirm(new Request(`${getEnv().SITE_URL}/subscribe/confirm?token=${encodeURIComponent(first)}`));
    expect(page.status).toBe(410);
    expect(await page.text()).toContain('You unsubscribed after this link was sent');
    expect(await database().db.subscriber.findUniqueOrThrow({ where: { email: EMAIL } })).toMatchObject({ status: 'unsubscribed' });
    expect(welcomes()).toHaveLength(1);

    // Coming back is still one form away: a fresh request, a fresh link that works; the old one still does not.
    mail().messages.length = 0;
    await subscribe({ email: EMAIL, source: 'popup' }, ctx());
    await flushSubscribeWork();
    expect(await confirmSubscription(first)).toEqual({ ok: false, error: 'stale' });
    expect(await confirmSubscription(tokenIn(mail().to(EMAIL)[0], '/subscribe/confirm'))).toMatchObject({ ok: true });
    expect(await database().db.subscriber.findUniqueOrThrow({ where: { email: EMAIL } })).toMatchObject({ status: 'confirmed' });
  });

  it('a mail scanner following the link confirms nothing; the button on its page does, once', async () => {
    const scanned = 'scanned@example.com';
    await subscribe({ email: scanned, source: 'inline' }, ctx());
    await flushSubscribeWork();
    const token = tokenIn(mail().to(scanned)[0], '/subscribe/confirm');
    const url = `${getEnv().SITE_URL}/subscribe/confirm?token=${encodeURIComponent(token)}`;
    for (let i = 0; i < 3; i++) {
      const page = await showConfirm(new Request(url));
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Confirm subscription');
    }
    expect(await database().db.subscriber.findUniqueOrThrow({ where: { email: scanned } })).toMatchObject({ status: 'pending' });
    expect(mail().to(scanned).filter((m) => m.subject?.startsWith('Welcome'))).toHaveLength(0);

    const press = (origin: string) =>
      postConfirm(new Request(`${getEnv().SITE_URL}/subscribe/confirm`, { method: 'POST', headers: { origin, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ token }) }));
    expect((await press('https://evil.example')).status).toBe(403);
    expect(await database().db.subscriber.findUniqueOrThrow({ where: { email: scanned } })).toMatchObject({ status: 'pending' });
    const done = await press(new URL(getEnv().SITE_URL).origin);
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('Thank you, you are subscribed!');
    expect((await press(new URL(getEnv().SITE_URL).origin)).status).toBe(200); // a second press changes nothing
    await flushSubscribeWork();
    expect(await database().db.subscriber.findUniqueOrThrow({ where: { email: scanned } })).toMatchObject({ status: 'confirmed' });
    expect(mail().to(scanned).filter((m) => m.subject?.startsWith('Welcome'))).toHaveLength(1);
  });
});
