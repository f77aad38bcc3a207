import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RequestContext } from '@/lib/comments/context';
import { getDiscussion } from '@/lib/comments/discussion';
import { createReaderFormToken } from '@/lib/comments/form-guard';
import { flushDeliveries } from '@/lib/comments/notifications';
import { createComment } from '@/lib/comments/service';
import { testDatabases, useTestDatabase } from '../support/databases';
import { replyToOf, useSigningDomains } from '../support/inbound';
import { confirmFromMail } from '../support/replies';

const SLUG = 'small-tools-sharp-edges';
// The author's domain and Ada's both sign their mail and publish DMARC; Bo's publishes nothing.
const { robinKey, adaKey, sink, inbound } = useSigningDomains();

let ip = 0;
const reader = (): RequestContext => ({ ip: `198.51.100.${++ip}`, now: new Date(), isAuthor: false, ownIds: new Set() });
const postAsReader = async (fields: Record<string, unknown>) => {
  const r = await createComment({ slug: SLUG, formToken: createReaderFormToken(SLUG, new Date(Date.now() - 60_000)), ...fields }, reader());
  if (!r.ok) throw new Error(r.error);
  return r.value;
};
const mailTo = async (address: string, subject: RegExp) => {
  await flushDeliveries();
  return sink().to(address).filter((m) => subject.test(m.subject ?? ''));
};
const quoted = (text: string) => `${text}\n\nOn Tue, 1 Dec 2026 at 10:00, Notes from the CTO <robin@example.com> wrote:\n> the email we sent\n> with its text\n`;

describe.each(testDatabases)('reply by email on $kind', ({ kind }) => {
  const database = useTestDatabase(kind);
  afterEach(() => flushDeliveries());
  beforeEach(() => {
    sink().messages.length = 0;
    inbound.refreshed.length = 0;
  });

  it('the author answers a new comment from their mailbox, and the reader answers back from theirs', { timeout: 60_000 }, async () => {
    const ada = await postAsReader({ name: 'Ada', email: 'ada@example.org', notifyReplies: 'on', body: 'Which tool do you reach for first?' });
    const [notice] = await mailTo('robin@example.com', /^New comment/);
    const authorReplyTo = replyToOf(notice);
    expect(authorReplyTo).toMatch(/^reply\+[a-z2-7]{20,58}@localhost$/); // REPLY_DOMAIN defaults to SITE_URL's host
    expect(notice!.text).toContain('reply to this email');
    expect(notice!.text).toContain('/admin/comments');
    await confirmFromMail(sink(), 'ada@example.org');

    await inbound.send({ from: 'Robin Hale <robin@example.com>', to: authorReplyTo, subject: `Re: ${notice!.subject}`, text: quoted('A text editor, always.\n\n-- \nRobin'), dkim: robinKey });
    const answer = (await database().db.comment.findMany({ where: { parentId: ada.id } }))[0]!;
    expect(answer).toMatchObject({ isAuthor: true, authorName: 'Robin Hale', status: 'published', body: 'A text editor, always.' });
    const { threads } = await getDiscussion(SLUG, { ownIds: new Set(), now: new Date() });
    expect(JSON.stringify(threads)).toContain('A text editor, always.');
    // The stored issue page, the home page and the comment feeds are refreshed, as for a comment posted on the site.
    expect(inbound.refreshed).toContainEqual([`/${SLUG}`, '/', `/${SLUG}/comments.xml`, '/comments.xml']);

    // Ada hears of it, with a reply address of her own, and answers by email.
    const [replyNotice] = await mailTo('ada@example.org', /^The author replied/);
    expect(replyNotice!.text).toContain('reply to this email');
    const adaReplyTo = replyToOf(replyNotice);
    expect(adaReplyTo).not.toBe(authorReplyTo);
    await inbound.send({ from: '"Ada" <ada@example.org>', to: adaReplyTo, subject: 'Re: reply', html: '<p>Thanks, <b>good</b> to know.</p><div class="gmail_quote"><blockquote>the email we sent</blockquote></div>', dkim: adaKey });
    const back = (await database().db.comment.findMany({ where: { parentId: answer.id } }))[0]!;
    expect(back).toMatchObject({ isAuthor: false, authorName: 'Ada', authorEmail: 'ada@example.org', status: 'published', body: 'Thanks, good to know.' });
    // The author is told of Ada's emailed reply like of any other comment.
    expect(await mailTo('robin@example.com', /^New comment/)).toHaveLength(2);
  });

  it('posts once per email: a replayed reply posts nothing, and its sender hears why once a day', { timeout: 30_000 }, async () => {
    await postAsReader({ name: 'Ada', body: 'A first comment' });
    const [notice] = await mailTo('robin@example.com', /^New comment/);
    const message = { from: 'robin@example.com', to: replyToOf(notice), subject: 'Re: x', text: 'Once only.', dkim: robinKey };
    await inbound.send(message);
    await inbound.send(message);
    await inbound.send({ ...message, text: 'Twice?' });
    await inbound.send({ ...message, to: message.to.toUpperCase(), text: 'A mail server that upper-cases addresses' });
    expect(await database().db.comment.count({ where: { isAuthor: true } })).toBe(1);
    const explained = await mailTo('robin@example.com', /was not posted$/);
    expect(explained).toHaveLength(1);
    expect(explained[0]!.text).toContain('already answered once');
    expect(explained[0]!.headers.get('auto-submitted')).toBe('auto-replied');
    expect(explained[0]!.replyTo).toBeUndefined();
  });

  it('holds a reader’s emailed reply for moderation like one from the form', { timeout: 30_000 }, async () => {
    const ada = await postAsReader({ name: 'Ada', email: 'ada@example.org', notifyReplies: 'on', body: 'Question?' });
    await confirmFromMail(sink(), 'ada@example.org');
    await postAsReader({ name: 'Bo', parentId: ada.id, body: 'An answer from Bo' });
    const [notice] = await mailTo('ada@example.org', /^New reply/);
    const links = Array.from({ length: 4 }, (_, i) => `https://l${i}.example/`).join(' ');
    await inbound.send({ from: 'ada@example.org', to: replyToOf(notice), subject: 'Re', text: `See ${links}`, dkim: adaKey });
    const held = await database().db.comment.findFirst({ where: { authorEmail: 'ada@example.org', parentId: { not: null } } });
    expect(held).toMatchObject({ status: 'pending', authorName: 'Ada' });
    expect(inbound.refreshed).toEqual([]);
  });
});
