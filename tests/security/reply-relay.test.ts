/**
 * Issue 10, point 5: reply emails must not be a phishing relay. A stranger posting with someone
 * else's address and "Email me when someone replies" gets that address one confirmation email of
 * fixed wording, and nothing else until it confirms. Default settings (rate limits, minimum time).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { confirmReplies, showConfirmReplies } from '@/app/_handlers/confirm-replies';
import type { RequestContext } from '@/lib/comments/context';
import { createReaderFormToken } from '@/lib/comments/form-guard';
import { flushDeliveries, queueNotifications, REPLY_EMAILS_PER_HOUR } from '@/lib/comments/notifications';
import * as repo from '@/lib/comments/repository';
import { createComment } from '@/lib/comments/service';
import { getEnv } from '@/lib/env';
import { testDatabases, useTestDatabase } from '../support/databases';
import { confirmFromMail, tokenIn } from '../support/replies';
import { useMailSinkWithDefaults } from '../support/smtp';

const SLUG = 'small-tools-sharp-edges';
const VICTIM = 'victim@example.org';
const TITLE = 'Small tools, sharp edges';
const ATTACK_NAME = 'Security team: verify your account at evil.example';
const mail = useMailSinkWithDefaults();
let ip = 0;


const ctx = (from: string): RequestContext => ({ ip: from, now: new Date(), isAuthor: false, ownIds: new Set() });
/** Posts as a reader would: the page was loaded a minute ago; each commenter from an address of its own unless told. */
async function post(over: Record<string, unknown>, from = `198.51.100.${++ip}`) {
  const r = await createComment({ slug: SLUG, formToken: createReaderFormToken(SLUG, new Date(Date.now() - 60_000)), body: `Words ${Math.random()}`, ...over }, ctx(from));
  if (!r.ok) throw new Error(`${r.error}: ${JSON.stringify(r.fieldErrors)}`);
  return r.value;
}
const headerText = (m: ReturnType<typeof mail>['messages'][number]) => m.headerLines.map((h) => h.line).join('\n');

describe.each(testDatabases)('reply emails on $kind', { timeout: 60_000 }, ({ kind }) => {
  const database = useTestDatabase(kind);
  afterEach(() => flushDeliveries());
  beforeEach(() => {
    mail().messages.length = 0;
  });

  it("the issue's attack gets the victim one confirmation email, with none of the attacker's text anywhere", async () => {
    const bait = await post({ name: 'Jo', email: VICTIM, notifyReplies: 'on', body: 'Great post, thanks!' }, '198.51.100.250');
    await post({ name: 'Jo', email: VICTIM, notifyReplies: 'on', body: 'And another thing.' }, '198.51.100.250');
    for (let i = 0; i < 3; i++) {
      await post({ parentId: bait.id, name: ATTACK_NAME, body: `Your account is locked. Verify now at https://evil.example/${i}` }, '198.51.100.251');
    }
    await flushDeliveries();

    const toVictim = mail().to(VICTIM);
    expect(toVictim.map((m) => m.subject)).toEqual(['Confirm reply emails from Notes from the CTO']);
    for (const message of mail().messages) {
      expect(headerText(message)).not.toMatch(/Security team|evil\.example/);
    }
    expect(`${toVictim[0]!.text}${toVictim[0]!.html}`).not.toMatch(/Security team|evil\.example|locked/);
    expect(toVictim[0]!.from?.text).toBe('"Notes from the CTO" <robin@example.com>');
  });

  it('a mail scanner following the link confirms nothing; the button does, and replies are emailed from then on', async () => {
    const top = await post({ name: 'Jo', email: VICTIM, notifyReplies: 'on' });
    await post({ parentId: top.id, name: 'Early bird' }); // before confirming: not emailed (dropped, it is on the page)
    await flushDeliveries();
    const link = `${getEnv().SITE_URL}/comments/confirm-replies?token=${encodeURIComponent(tokenIn(mail().to(VICTIM)[0], '/comments/confirm-replies'))}`;

    const page = await showConfirmReplies(new Request(link));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Yes, email me about replies');
    expect((await database().db.replyAddress.findUniqueOrThrow({ where: { email: VICTIM } })).confirmedAt).toBeNull();
    expect((await confirmReplies(new Request(link, { method: 'POST', headers: { origin: 'https://evil.example' } }))).status).toBe(400);
    const pressed = await confirmReplies(new Request(link, { method: 'POST', headers: { origin: getEnv().SITE_URL } }));
    expect(pressed.status).toBe(200);
    expect(await pressed.text()).toContain('Reply emails are on');

    await post({ parentId: top.id, name: ATTACK_NAME, body: `Verify at https://evil.example ${'x'.repeat(2000)}` });
    await flushDeliveries();
    const replies = mail().to(VICTIM).filter((m) => !m.subject?.startsWith('Confirm'));
    expect(replies.map((m) => m.subject)).toEqual([`New reply to your comment on "${TITLE}"`]);
    expect(headerText(replies[0]!)).not.toMatch(/Security team|evil\.example/);
    // In the body, the name is quoted as what a reader signed, and the text is a capped excerpt.
    expect(replies[0]!.text).toContain(`A reader who signed "${ATTACK_NAME}" replied`);
    expect(replies[0]!.text!.length).toBeLessThan(1200);
    expect(replies[0]!.html).not.toContain('<script');
  });

  it('a confirmed address is not asked again, and its next comment is answered by email', async () => {
    const first = await post({ email: VICTIM, notifyReplies: 'on' });
    await confirmFromMail(mail(), VICTIM);
    mail().messages.length = 0;
    const second = await post({ email: 'Victim@Example.org', notifyReplies: 'on' });
    await post({ parentId: second.id, name: 'Bo' });
    await post({ parentId: first.id, name: 'Cy' });
    await flushDeliveries();
    expect(mail().messages.filter((m) => /victim@example\.org/i.test(m.to && !Array.isArray(m.to) ? m.to.text : '')).map((m) => m.subject)).toEqual([
      `New reply to your comment on "${TITLE}"`,
      `New reply to your comment on "${TITLE}"`,
    ]);
  });

  it(`sends one address at most ${REPLY_EMAILS_PER_HOUR} reply emails an hour, however many replies come`, async () => {
    const top = await post({ email: VICTIM, notifyReplies: 'on' });
    await confirmFromMail(mail(), VICTIM);
    mail().messages.length = 0;
    for (let i = 0; i < REPLY_EMAILS_PER_HOUR + 3; i++) await post({ parentId: top.id, name: `Replier ${i}` });
    await flushDeliveries();
    expect(mail().to(VICTIM)).toHaveLength(REPLY_EMAILS_PER_HOUR);
    const dropped = await database().db.notification.count({ where: { kind: 'reply', lastError: 'recipient rate limit' } });
    expect(dropped).toBe(3);
  });

  it('keeps CR/LF and bidi controls in names (say, from an import) out of every header', async () => {
    const top = await post({ email: VICTIM, notifyReplies: 'on' });
    await confirmFromMail(mail(), VICTIM);
    mail().messages.length = 0;
    for (const name of ['Eve\r\nBcc: all@evil.example', 'Eve\u202Eelpmaxe.live\u202C', 'Eve\nSubject: verify']) {
      const reply = await repo.insertComment({
        id: `hostile${Math.random().toString(36).slice(2, 10)}`, issueSlug: SLUG, parentId: top.id, authorName: name, authorEmail: null,
        isAuthor: false, body: `Hello\r\nBcc: x@evil.example \u202E`, status: 'published', notifyReplies: false, ipHash: null, createdAt: new Date(),
      });
      await queueNotifications(reply, top);
    }
    await flushDeliveries();
    expect(mail().messages.length).toBe(6); // three to the author, three to the reader
    for (const message of mail().messages) {
      expect(headerText(message)).not.toMatch(/evil|verify|Eve|\u202E|\u202C/);
      expect(message.bcc).toBeUndefined();
      expect(`${message.text}`).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
    }
  });
});
