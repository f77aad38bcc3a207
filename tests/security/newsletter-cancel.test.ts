/**
 * Issue 11: cancelling a held newsletter send. The preview's link opens a page with one button
 * (a mail scanner following links cancels nothing); the button's token works once; other tokens,
 * other sites and strangers cancel nothing; the admin page shows held sends to the author only.
 * Through the route handlers, on both databases, with a real SMTP server.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { postCancelSend, showCancelSend } from '@/app/_handlers/newsletter-hold';
import { showNewsletterAdmin } from '@/app/_handlers/newsletter-admin';
import { AUTHOR_COOKIE, signInWithPassword } from '@/lib/auth/service';
import { resetEnvForTest } from '@/lib/env';
import { unsubscribeToken } from '@/lib/newsletter/links';
import { onIssuesLive, releaseDueSends } from '@/lib/newsletter/on-publish';
import { getAppSecret } from '@/lib/security/secret';
import { signToken } from '@/lib/security/tokens';
import { testDatabases, useTestDatabase } from '../support/databases';
import { cancelTokenIn, HELD_SLUG, HELD_TITLE, issueOf, minutes, useHoldContent } from '../support/newsletter-hold';
import { useMailSinkWithDefaults } from '../support/smtp';

const SITE = 'https://notes.example';
const AUTHOR = 'robin@example.com';
const sink = useMailSinkWithDefaults();
useHoldContent();

beforeAll(() => {
  delete process.env.NEWSLETTER_HOLD_MINUTES;
  Object.assign(process.env, { SITE_URL: SITE, AUTHOR_PASSWORD: 'a long enough password', LOG_LEVEL: 'silent' });
  resetEnvForTest();
});

let ipCounter = 0;
async function signIn(): Promise<string> {
  const result = await signInWithPassword('a long enough password', `198.51.100.${++ipCounter}`);
  if (!result.ok) throw new Error(result.error);
  return result.value.session;
}
const form = (fields: Record<string, string>, headers: Record<string, string> = { origin: SITE }) =>
  new Request(`${SITE}/admin/newsletter/cancel`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(fields).toString() });
const openLink = (token: string) => showCancelSend(new Request(`${SITE}/admin/newsletter/cancel?token=${encodeURIComponent(token)}`));

describe.each(testDatabases)('cancelling a held send on $kind', ({ kind }) => {
  const database = useTestDatabase(kind);
  const held = () => database().db.heldSend.findUniqueOrThrow({ where: { slug: HELD_SLUG } });
  /** The issue goes live; returns the token of the cancel link in the author's preview. */
  async function goLive(): Promise<string> {
    sink().messages.length = 0;
    await database().db.subscriber.create({ data: { email: 'ada@example.com', status: 'confirmed', source: 'inline' } });
    await onIssuesLive([issueOf(HELD_SLUG)]);
    const [preview] = sink().to(AUTHOR);
    return cancelTokenIn(preview!);
  }

  it('opening the link (as a mail scanner does, twice) cancels nothing; the button cancels once and a replay is refused', async () => {
    const token = await goLive();
    for (let i = 0; i < 2; i++) {
      const page = await openLink(token);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Cancel this send</button>');
    }
    expect((await held()).cancelledAt).toBeNull();

    const first = await postCancelSend(form({ token }));
    expect(first.status).toBe(200);
    expect(await first.text()).toContain('Send cancelled');
    const replay = await postCancelSend(form({ token }));
    expect(replay.status).toBe(409);
    expect(await replay.text()).toContain('Already cancelled');
    expect((await openLink(token)).status).toBe(409);

    await releaseDueSends(minutes(new Date(), 60));
    expect(sink().to('ada@example.com')).toHaveLength(0);
  });

  it('refuses a tampered token, a token made for something else, and one from an old hold', async () => {
    const token = await goLive();
    const [body, mac] = token.split('.');
    const tampered = `${body}.${mac!.slice(0, -2)}${mac!.endsWith('AA') ? 'BB' : 'AA'}`;
    const secret = getAppSecret();
    const otherPurpose = unsubscribeToken(1);
    const wrongNonce = signToken({ purpose: 'newsletter-cancel', slug: HELD_SLUG, n: 'not-this-hold' }, secret, 3600);
    const expired = signToken({ purpose: 'newsletter-cancel', slug: HELD_SLUG, n: (await held()).nonce }, secret, 1, new Date(Date.now() - 10_000));
    for (const bad of [tampered, otherPurpose, wrongNonce, '', 'x'.repeat(5000)]) {
      expect((await postCancelSend(form({ token: bad }))).status, bad.slice(0, 20)).toBe(400);
      expect((await openLink(bad)).status).toBe(400);
    }
    expect((await postCancelSend(form({ token: expired }))).status).toBe(410);
    expect((await held()).cancelledAt).toBeNull();
  });

  it('refuses a cancel from another site, and the slug form without an author session', async () => {
    const token = await goLive();
    expect((await postCancelSend(form({ token }, { origin: 'https://evil.example' }))).status).toBe(403);
    expect((await postCancelSend(form({ token }, { 'sec-fetch-site': 'cross-site' }))).status).toBe(403);
    const stranger = await postCancelSend(form({ slug: HELD_SLUG }));
    expect(stranger.status).toBe(303);
    expect(stranger.headers.get('location')).toBe('/admin');
    expect((await held()).cancelledAt).toBeNull();
  });

  it('shows the author the held send with its time left, and its Cancel button cancels it', async () => {
    await goLive();
    const session = await signIn();
    const cookie = `${AUTHOR_COOKIE}=${encodeURIComponent(session)}`;
    const page = await showNewsletterAdmin(new Request(`${SITE}/admin/newsletter`, { headers: { cookie } }));
    const text = await page.text();
    expect(text).toContain('Waiting to be sent');
    expect(text).toContain(HELD_TITLE);
    expect(text).toMatch(/<td>(10|9) min<\/td>/);
    expect(text).toContain(`<input type="hidden" name="slug" value="${HELD_SLUG}"><button type="submit" aria-label="Cancel the send of ${HELD_TITLE}">Cancel</button>`);
    expect((await showNewsletterAdmin(new Request(`${SITE}/admin/newsletter`))).status).toBe(303); // not to a stranger

    const cancelled = await postCancelSend(form({ slug: HELD_SLUG }, { origin: SITE, cookie }));
    expect(cancelled.status).toBe(303);
    expect(decodeURIComponent(cancelled.headers.get('location') ?? '')).toContain(`Cancelled: “${HELD_TITLE}” will not be emailed.`);
    expect((await held()).cancelledAt).not.toBeNull();
    expect(await (await showNewsletterAdmin(new Request(`${SITE}/admin/newsletter`, { headers: { cookie } }))).text()).not.toContain('Waiting to be sent');
  });

  it('after the release, the link says it is too late', async () => {
    const token = await goLive();
    await releaseDueSends(minutes(new Date(), 11));
    expect(sink().to('ada@example.com')).toHaveLength(1);
    const refused = await postCancelSend(form({ token }));
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain('Too late to cancel');
  });
});
