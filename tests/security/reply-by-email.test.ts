import nodemailer, { type SendMailOptions } from 'nodemailer';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RequestContext } from '@/lib/comments/context';
import { createReaderFormToken } from '@/lib/comments/form-guard';
import { renderCommentMarkdown } from '@/lib/comments/markdown';
import { flushDeliveries } from '@/lib/comments/notifications';
import { replyByEmailAddress } from '@/lib/comments/reply-links';
import { createComment } from '@/lib/comments/service';
import { testDatabases, useTestDatabase } from '../support/databases';
import { dkimKey, replyToOf, useSigningDomains } from '../support/inbound';
import { confirmFromMail } from '../support/replies';

// Hostile replies: forged senders and tokens, replays of the past, injected headers, huge and
// scripted bodies, machines answering machines. None posts, and none makes Masthead mail a stranger.
const SLUG = 'small-tools-sharp-edges';
const { records, robinKey, adaKey, sink, inbound } = useSigningDomains();
const strangerKey = dkimKey(records, 'example.com', false); // claims example.com, but its key is not the one published
const evilKey = dkimKey(records, 'evil.test'); // a real signature, of another domain

let ip = 0;
const postAsReader = async (fields: Record<string, unknown>) => {
  const ctx: RequestContext = { ip: `203.0.113.${++ip}`, now: new Date(), isAuthor: false, ownIds: new Set() };
  const r = await createComment({ slug: SLUG, formToken: createReaderFormToken(SLUG, new Date(Date.now() - 60_000)), ...fields }, ctx);
  if (!r.ok) throw new Error(r.error);
  return r.value;
};
const noticeTo = async (address: string, subject: RegExp) => {
  await flushDeliveries();
  const mail = sink().to(address).find((m) => subject.test(m.subject ?? ''));
  return replyToOf(mail);
};
/** A message as a mail program writes it (DKIM-signed when `dkim` is given), as bytes a test may change. */
const build = async (message: SendMailOptions) =>
  ((await nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' }).sendMail(message)).message as Buffer).toString();
const smtpCode = (p: Promise<unknown>) => p.then(() => 250, (e: { responseCode?: number }) => e.responseCode ?? -1);

describe.each(testDatabases)('hostile replies by email on $kind', ({ kind }) => {
  const database = useTestDatabase(kind);
  let authorAddress: string;
  let parentId: string;
  const replies = () => database().db.comment.count({ where: { parentId } });
  const sentAnything = async () => {
    await flushDeliveries();
    return sink().messages.length;
  };
  afterEach(() => flushDeliveries());
  beforeEach(async () => {
    sink().messages.length = 0;
    parentId = (await postAsReader({ name: 'Ada', email: 'ada@example.org', notifyReplies: 'on', body: `A comment ${Math.random()}` })).id;
    authorAddress = await noticeTo('robin@example.com', /^New comment/);
    await confirmFromMail(sink(), 'ada@example.org');
    sink().messages.length = 0;
  });

  it('refuses the author’s address forged: unsigned, signed with a key not published, or signed by another domain', { timeout: 30_000 }, async () => {
    for (const dkim of [undefined, strangerKey, evilKey]) {
      expect(await smtpCode(inbound.send({ from: 'Robin Hale <robin@example.com>', to: authorAddress, subject: 'Re', text: 'Forged answer', ...(dkim ? { dkim } : {}) }))).toBe(250);
    }
    expect(await replies()).toBe(0);
    expect(await sentAnything()).toBe(0); // never an explanation to an address that failed authentication
    // The real one still posts: the token was not used up by the forgeries.
    await inbound.send({ from: 'robin@example.com', to: authorAddress, subject: 'Re', text: 'The real answer', dkim: robinKey });
    expect(await replies()).toBe(1);
  });

  it('refuses a signed message changed on the way', { timeout: 30_000 }, async () => {
    const raw = await build({ from: 'robin@example.com', to: authorAddress, subject: 'Re', text: 'I approve of this comment.', dkim: robinKey });
    await inbound.send({ envelope: { from: 'robin@example.com', to: [authorAddress] }, raw: raw.replace('I approve', 'I reject') });
    expect(await replies()).toBe(0);
  });

  it('refuses tokens that are changed, from another domain or look-alike domains, at RCPT', async () => {
    const [local, domain] = authorAddress.split('@') as [string, string];
    const flipped = `${local.slice(0, -1)}${local.endsWith('a') ? 'b' : 'a'}@${domain}`;
    for (const to of [flipped, `${local}@evil.test`, `${local}@${domain}.evil.test`, `${local}@lосalhost`, `${local}x@${domain}`, 'robin@localhost']) {
      expect(await smtpCode(inbound.send({ from: 'robin@example.com', to, subject: 'Re', text: 'x', dkim: robinKey }))).toBe(550);
    }
    expect(await replies()).toBe(0);
  });

  it('refuses an expired token, telling the author (whose address it was) once', { timeout: 30_000 }, async () => {
    const old = replyByEmailAddress(parentId, { kind: 'author' }, new Date(Date.now() - 31 * 86_400_000))!;
    await inbound.send({ from: 'robin@example.com', to: old, subject: 'Re', text: 'Late answer', dkim: robinKey });
    await inbound.send({ from: 'robin@example.com', to: old, subject: 'Re', text: 'Late answer again', dkim: robinKey });
    expect(await replies()).toBe(0);
    await flushDeliveries();
    expect(sink().messages.map((m) => m.text)).toEqual([expect.stringContaining('more than 30 days old')]);
  });

  it('refuses a From other than the address the token was issued to, and never explains to it', { timeout: 30_000 }, async () => {
    await postAsReader({ name: 'Bo', email: 'bo@example.net', parentId, body: 'Bo answers Ada' });
    const adaAddress = await noticeTo('ada@example.org', /^New reply/);
    const boReply = (await database().db.comment.findFirst({ where: { parentId } }))!.id;
    sink().messages.length = 0;
    for (const from of ['bo@example.net', 'ada@exampIe.org', 'ada@example.org.evil.test', 'аda@example.org', 'robin@example.com']) {
      await inbound.send({ from, to: adaAddress, subject: 'Re', text: `Posing as Ada ${from}`, ...(from === 'robin@example.com' ? { dkim: robinKey } : {}) });
    }
    // The author's domain vouched for its message, so the author is the one sender told why.
    await flushDeliveries();
    expect(sink().messages.map((m) => m.to && 'text' in m.to ? m.to.text : '')).toEqual(['robin@example.com']);
    expect(await database().db.comment.count({ where: { parentId: boReply } })).toBe(0);
  });

  it('keeps injected headers, CR/LF and NUL out: the name is the commenter’s own, the text has no controls', { timeout: 30_000 }, async () => {
    await postAsReader({ name: 'Bo', parentId, body: 'Bo answers' });
    const adaAddress = await noticeTo('ada@example.org', /^New reply/);
    const raw = await build({
      from: { name: 'Robin Hale (the author)\r\nBcc: victim@example.net', address: 'ada@example.org' },
      to: adaAddress,
      subject: 'Re: hi\r\nBcc: victim@example.net',
      text: 'Plain\u0000 words\r\nand a second line\u001b[2J',
      dkim: adaKey,
    });
    await inbound.send({ envelope: { from: 'ada@example.org', to: [adaAddress] }, raw });
    const posted = (await database().db.comment.findFirst({ where: { authorEmail: 'ada@example.org', parentId: { not: null } } }))!;
    expect(posted).toMatchObject({ authorName: 'Ada', isAuthor: false, body: 'Plain words\nand a second line[2J' });
    await flushDeliveries();
    expect(sink().to('victim@example.net')).toHaveLength(0);
    const notice = sink().to('robin@example.com').find((m) => m.subject?.startsWith('New comment'))!;
    expect(notice.subject).toBe('New comment on "Small tools, sharp edges"');
  });

  it('refuses a body over the size limit during DATA, and one over 10,000 characters as a comment', { timeout: 30_000 }, async () => {
    expect(await smtpCode(inbound.send({ from: 'robin@example.com', to: authorAddress, subject: 'Re', text: 'x'.repeat(300 * 1024), dkim: robinKey }))).toBe(552);
    expect(await smtpCode(inbound.send({ from: 'robin@example.com', to: authorAddress, subject: 'Re', text: 'word '.repeat(2500), dkim: robinKey }))).toBe(250);
    expect(await replies()).toBe(0);
    await flushDeliveries();
    expect(sink().messages.map((m) => m.text)).toEqual([expect.stringContaining('at most 10,000 characters')]);
  });

  it('posts HTML with scripts as escaped text, never as markup', { timeout: 30_000 }, async () => {
    const html = '<p>Hello <script>alert(1)</script><img src=x onerror="alert(2)"><a href="javascript:alert(3)">there</a></p><style>p{}</style>';
    await inbound.send({ from: 'robin@example.com', to: authorAddress, subject: 'Re', html, dkim: robinKey });
    const posted = (await database().db.comment.findFirst({ where: { parentId } }))!;
    expect(posted.body).not.toMatch(/script|onerror|alert\(1|alert\(2|<|javascript/);
    expect(posted.body).toContain('Hello');
    // A reply that spells a tag out in text is kept as the person wrote it, and shown escaped.
    // (A token is one per comment, recipient and second: this one is minted a minute earlier.)
    const second = replyByEmailAddress(parentId, { kind: 'author' }, new Date(Date.now() - 60_000))!;
    await inbound.send({ from: 'robin@example.com', to: second, subject: 'Re', text: 'Try <script>alert(1)</script> here', dkim: robinKey });
    const literal = (await database().db.comment.findFirst({ where: { parentId, body: { contains: 'Try' } } }))!;
    const rendered = String(renderCommentMarkdown(literal.body));
    expect(rendered).not.toContain('<script');
    expect(rendered).toMatch(/Try (&lt;|&#x3C;)script>alert\(1\)/);
  });

  it('ignores auto-replies and bounces without answering them', { timeout: 30_000 }, async () => {
    const base = { from: 'robin@example.com', to: authorAddress, text: 'I am away until Monday.', dkim: robinKey };
    await inbound.send({ ...base, subject: 'Re', headers: { 'Auto-Submitted': 'auto-replied' } });
    await inbound.send({ ...base, subject: 'Re', headers: { 'X-Autoreply': 'yes' } });
    await inbound.send({ ...base, subject: 'Re', headers: { Precedence: 'bulk' } });
    await inbound.send({ ...base, subject: 'Out of Office: back Monday' });
    await inbound.send({ ...base, subject: 'Re', envelope: { from: '', to: [authorAddress] } });
    expect(await replies()).toBe(0);
    expect(await sentAnything()).toBe(0);
  });
});
