/**
 * Issue 10, point 22 (payloads): our signed tokens are readable by anyone who sees the URL (logs,
 * proxies, browser history): base64 is not encryption. Every token minted in the reader-facing mail
 * flows is decoded here, and none may carry an email address. Default settings; a real SMTP server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postSubscribe } from '@/app/_handlers/newsletter';
import { createReaderFormToken } from '@/lib/comments/form-guard';
import { flushDeliveries } from '@/lib/comments/notifications';
import { stopReplyEmailsByToken } from '@/lib/comments/reply-addresses';
import { createComment } from '@/lib/comments/service';
import { getEnv } from '@/lib/env';
import { confirmSubscription } from '@/lib/newsletter/service';
import { flushSubscribeWork } from '@/lib/newsletter/subscribe-queue';
import { getAppSecret } from '@/lib/security/secret';
import { signToken } from '@/lib/security/tokens';
import { testDatabases, useTestDatabase } from '../support/databases';
import { confirmFromMail, tokenIn } from '../support/replies';
import { useMailSinkWithDefaults } from '../support/smtp';

const SLUG = 'small-tools-sharp-edges';
const READER = 'ada.lovelace@example.org';
const mail = useMailSinkWithDefaults();


/** Every `token=` value in a text, URL-decoded. */
const tokensIn = (text: string) => [...text.matchAll(/token=([A-Za-z0-9_%.-]+)/g)].map((m) => decodeURIComponent(m[1]!));
const payloadOf = (token: string) => Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8');

describe.each(testDatabases)('token payloads on $kind', { timeout: 60_000 }, ({ kind }) => {
  useTestDatabase(kind);

  it('no token in any email, link or cookie we send carries an email address', async () => {
    mail().messages.length = 0;
    // Newsletter: subscribe through the route (its "send again" cookie), confirm, welcome.
    const site = getEnv().SITE_URL;
    const answer = await postSubscribe(new Request(`${site}/api/subscribe`, {
      method: 'POST', headers: { origin: site, 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': '198.51.100.40' },
      body: new URLSearchParams({ email: READER, source: 'inline' }),
    }));
    expect(answer.status).toBe(303);
    const cookies = answer.headers.getSetCookie().map((c) => c.split(';')[0]!.split('=').slice(1).join('='));
    await flushSubscribeWork();
    expect(await confirmSubscription(tokenIn(mail().to(READER)[0], '/subscribe/confirm'))).toMatchObject({ ok: true });

    // Comments: the reply-email confirmation, a reply email with its stop link, the author's moderation links.
    const post = async (over: Record<string, unknown>, ip: string) => {
      const r = await createComment({ slug: SLUG, formToken: createReaderFormToken(SLUG, new Date(Date.now() - 60_000)), body: `Words ${Math.random()}`, ...over }, { ip, now: new Date(), isAuthor: false, ownIds: new Set() });
      if (!r.ok) throw new Error(r.error);
      return r.value;
    };
    const top = await post({ name: 'Ada', email: READER, notifyReplies: 'on' }, '198.51.100.41');
    await confirmFromMail(mail(), READER);
    await post({ parentId: top.id, name: 'Bo' }, '198.51.100.42');
    // Held for its links: the author's email carries approve and delete links.
    await post({ name: 'Cy', body: 'See https://a.example https://b.example https://c.example https://d.example' }, '198.51.100.43');
    await flushDeliveries();

    const tokens = [
      ...mail().messages.flatMap((m) => [...tokensIn(m.text ?? ''), ...tokensIn(m.headerLines.map((h) => h.line).join('\n'))]),
      ...cookies.filter((c) => c.includes('.')),
    ];
    const kinds = new Set(tokens.map((t) => JSON.parse(payloadOf(t)).purpose));
    expect([...kinds].sort()).toEqual(['moderate', 'newsletter-confirm', 'pending', 'reply-confirm', 'reply-optout', 'unsubscribe']);
    for (const token of tokens) {
      expect(payloadOf(token)).not.toMatch(/@|ada\.lovelace|example\.org/i);
    }
  });

  it('still honours a five-year stop link mailed before ids (it carried the address)', async () => {
    const old = signToken({ purpose: 'reply-optout', email: 'old@example.com' }, getAppSecret(), 3600);
    expect(await stopReplyEmailsByToken(old)).toEqual({ ok: true, value: 'old@example.com' });
  });
});
