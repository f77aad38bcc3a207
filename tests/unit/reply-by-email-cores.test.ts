import { describe, expect, it } from 'vitest';
import { authorNewCommentEmail, replyEmail } from '@/lib/comments/emails';
import { parseEnvForTest } from '@/lib/env';
import { decodeBase32, encodeBase32 } from '@/lib/mail/inbound/base32';
import { autoReplyReason, type MessageFacts } from '@/lib/mail/inbound/auto-reply';
import { decideAuth } from '@/lib/mail/inbound/auth-verdict';
import { exitCodeFor, smtpAnswerFor } from '@/lib/mail/inbound/outcome';
import { replyText } from '@/lib/mail/inbound/reply-text';
import { replyAddress, signReplyToken, tokenFromAddress, verifyReplyToken } from '@/lib/mail/inbound/reply-token';

const SECRET = 'test-secret-test-secret-test-secret-42';
const NOW = new Date('2026-12-01T10:00:00Z');
const DAY = 86_400_000;

describe('base32', () => {
  it('round-trips bytes as lower-case letters and digits 2-7, and refuses anything else', () => {
    for (const len of [0, 1, 2, 3, 4, 5, 9, 28]) {
      const bytes = Buffer.from(Array.from({ length: len }, (_, i) => (i * 37 + 11) & 255));
      const text = encodeBase32(bytes);
      expect(text).toMatch(/^[a-z2-7]*$/);
      expect(decodeBase32(text)).toEqual(bytes);
      expect(decodeBase32(text.toUpperCase())).toEqual(bytes);
    }
    expect(encodeBase32(Buffer.from('foobar'))).toBe('mzxw6ytboi'); // RFC 4648 test vector, lower-cased
    expect(decodeBase32('mzxw6ytboi1')).toBeNull();
    expect(decodeBase32('mzxw6ytboj')).toBeNull(); // non-zero trailing bits: not the canonical spelling
  });
});

describe('reply tokens', () => {
  it('names the comment and the recipient, fits an email local part, and survives a change of case', () => {
    const author = signReplyToken('AbCdEfGh_-12', { kind: 'author' }, SECRET, NOW)!;
    const reader = signReplyToken('AbCdEfGh_-12', { kind: 'reader', addressId: 4_000_000_000 }, SECRET, NOW)!;
    for (const t of [author, reader]) expect(`reply+${t}`.length).toBeLessThanOrEqual(64);
    expect(verifyReplyToken(author.toUpperCase(), SECRET, NOW)).toEqual({
      ok: true, value: { commentId: 'AbCdEfGh_-12', recipient: { kind: 'author' }, expiresAt: new Date(NOW.getTime() + 30 * DAY), expired: false },
    });
    expect(verifyReplyToken(reader, SECRET, NOW)).toMatchObject({ ok: true, value: { recipient: { kind: 'reader', addressId: 4_000_000_000 } } });
  });

  it('keeps ids of other lengths as they are, and gives no token for an id too long for an address', () => {
    const short = signReplyToken('abc123', { kind: 'author' }, SECRET, NOW)!;
    expect(verifyReplyToken(short, SECRET, NOW)).toMatchObject({ ok: true, value: { commentId: 'abc123' } });
    expect(signReplyToken('x'.repeat(40), { kind: 'reader', addressId: 1 }, SECRET, NOW)).toBeNull();
  });

  it('expires after 30 days and refuses a changed character, another secret or a spliced token', () => {
    const token = signReplyToken('AbCdEfGh_-12', { kind: 'reader', addressId: 7 }, SECRET, NOW)!;
    expect(verifyReplyToken(token, SECRET, new Date(NOW.getTime() + 30 * DAY - 1000))).toMatchObject({ ok: true, value: { expired: false } });
    expect(verifyReplyToken(token, SECRET, new Date(NOW.getTime() + 30 * DAY))).toMatchObject({ ok: true, value: { expired: true } });
    for (let i = 0; i < token.length; i++) {
      const other = token[i] === 'a' ? 'b' : 'a';
      expect(verifyReplyToken(token.slice(0, i) + other + token.slice(i + 1), SECRET, NOW).ok).toBe(false);
    }
    expect(verifyReplyToken(token, `${SECRET}x`, NOW)).toEqual({ ok: false, error: 'bad-signature' });
    const author = signReplyToken('AbCdEfGh_-12', { kind: 'author' }, SECRET, NOW)!;
    expect(verifyReplyToken(author.slice(0, 10) + token.slice(10), SECRET, NOW).ok).toBe(false);
    expect(verifyReplyToken('', SECRET, NOW)).toEqual({ ok: false, error: 'malformed' });
    expect(verifyReplyToken('a'.repeat(5000), SECRET, NOW)).toEqual({ ok: false, error: 'malformed' });
  });

  it('reads only reply+ addresses at the reply domain', () => {
    const token = signReplyToken('AbCdEfGh_-12', { kind: 'author' }, SECRET, NOW)!;
    const address = replyAddress(token, 'notes.example.com');
    expect(tokenFromAddress(address, 'notes.example.com')).toBe(token);
    expect(tokenFromAddress(address.toUpperCase(), 'notes.example.com')).toBe(token);
    expect(tokenFromAddress(`reply+${token}@notes.example.com.evil.test`, 'notes.example.com')).toBeNull();
    expect(tokenFromAddress(`reply+${token}@notes-example.com`, 'notes.example.com')).toBeNull();
    expect(tokenFromAddress(`reply+${token}@nоtes.example.com`, 'notes.example.com')).toBeNull(); // Cyrillic о
    expect(tokenFromAddress(`robin@notes.example.com`, 'notes.example.com')).toBeNull();
    expect(tokenFromAddress(`reply+${token}@notes.example.com\r\nBcc: x@y.z`, 'notes.example.com')).toBeNull();
  });
});

const facts = (over: Partial<MessageFacts> & { headers?: Record<string, string> } = {}): MessageFacts => ({
  header: (name) => over.headers?.[name],
  contentType: 'text/plain',
  envelopeSender: 'ada@example.org',
  from: 'ada@example.org',
  subject: 'Re: New reply to your comment',
  ...over,
});

describe('auto-replies', () => {
  it('lets a person through', () => {
    expect(autoReplyReason(facts())).toBeNull();
    expect(autoReplyReason(facts({ headers: { 'auto-submitted': 'no' } }))).toBeNull();
    expect(autoReplyReason(facts({ subject: 'Re: Out of office culture is a topic I like' }))).toBeNull();
  });
  it.each([
    ['auto-submitted', { headers: { 'auto-submitted': 'auto-replied' } }],
    ['x-autoreply', { headers: { 'x-autoreply': 'yes' } }],
    ['x-autoreply', { headers: { 'x-autorespond': 'x' } }],
    ['precedence-bulk', { headers: { precedence: 'Bulk' } }],
    ['precedence-auto_reply', { headers: { precedence: 'auto_reply' } }],
    ['precedence-junk', { headers: { precedence: 'junk' } }],
    ['null-sender', { envelopeSender: '' }],
    ['delivery-report', { contentType: 'multipart/report' }],
    ['bounce-sender', { from: 'MAILER-DAEMON@mx.example.org' }],
    ['auto-subject', { subject: 'Out of Office: back on Monday' }],
    ['auto-subject', { subject: 'Automatic reply: Re: New comment' }],
    ['auto-subject', { subject: 'Abwesenheitsnotiz: Urlaub' }],
  ] as const)('ignores %s', (reason, over) => {
    expect(autoReplyReason(facts(over as Partial<MessageFacts>))).toBe(reason);
  });
});

describe('authentication verdicts', () => {
  const dkim = (result: string, aligned: string | false) => ({ results: [{ signingDomain: 'example.org', status: { result, aligned } }] });
  it('passes on DMARC pass or an aligned signature, fails on DMARC fail or a broken aligned signature', () => {
    expect(decideAuth({ dmarc: { status: { result: 'pass' } } }, 'example.org').verdict).toBe('pass');
    expect(decideAuth({ dmarc: { status: { result: 'fail' } }, dkim: dkim('pass', false) }, 'example.org').verdict).toBe('fail');
    expect(decideAuth({ dmarc: { status: { result: 'none' } }, dkim: dkim('pass', 'example.org') }, 'example.org').verdict).toBe('pass');
    expect(decideAuth({ dmarc: { status: { result: 'none' } }, dkim: dkim('neutral', 'example.org') }, 'example.org').verdict).toBe('fail');
    expect(decideAuth({ dmarc: false, spf: { domain: 'mail.example.org', status: { result: 'fail' } } }, 'example.org').verdict).toBe('fail');
    expect(decideAuth({ dmarc: false, spf: { domain: 'example.org', status: { result: 'pass' } } }, 'example.org').verdict).toBe('pass');
  });
  it('says none when nothing speaks for the domain, and temporary when DNS failed', () => {
    expect(decideAuth({ dmarc: { status: { result: 'none' } }, dkim: dkim('pass', false), spf: { domain: 'other.test', status: { result: 'fail' } } }, 'example.org').verdict).toBe('none');
    expect(decideAuth({ dmarc: { status: { result: 'temperror' } } }, 'example.org').verdict).toBe('temporary');
  });
});

describe('reply text', () => {
  it('keeps what the person wrote and drops the quote, the signature and the "On … wrote:" line', () => {
    const text = 'Thanks, that helps.\n\nSecond thought.\n\n-- \nBo\nSent from my phone\n\nOn Tue, 1 Dec 2026 at 10:00, Notes <robin@example.com> wrote:\n> Robin replied:\n> the old text\n';
    expect(replyText({ text })).toBe('Thanks, that helps.\n\nSecond thought.');
  });
  it('turns an HTML-only message into text: markup never survives, scripts are gone', () => {
    const html = '<div>Good <b>point</b> &amp; <a href="https://x.test/">a link</a><script>alert(1)</script></div><blockquote>quoted</blockquote>';
    const out = replyText({ html });
    expect(out).toContain('Good point & a link');
    expect(out).not.toMatch(/<|alert|quoted/);
  });
  it('removes NUL and control characters and normalises line ends', () => {
    expect(replyText({ text: 'a\u0000b\r\nc\u001b[31m' })).toBe('ab\nc[31m');
  });
});

describe('answers', () => {
  it('accepts what was handled, bounces what is not ours or unreadable, asks to retry on temporary failures', () => {
    expect([exitCodeFor({ kind: 'posted', commentId: 'x', status: 'published' }), smtpAnswerFor({ kind: 'refused', reason: 'x' }).code]).toEqual([0, 250]);
    expect([exitCodeFor({ kind: 'not-ours', reason: 'x' }), smtpAnswerFor({ kind: 'not-ours', reason: 'x' }).code]).toEqual([67, 550]);
    expect([exitCodeFor({ kind: 'too-large' }), smtpAnswerFor({ kind: 'too-large' }).code]).toEqual([65, 552]);
    expect([exitCodeFor({ kind: 'temporary', reason: 'x' }), smtpAnswerFor({ kind: 'temporary', reason: 'x' }).code]).toEqual([75, 451]);
  });
});

describe('settings', () => {
  it('takes the reply domain from SITE_URL unless REPLY_DOMAIN is set, and receives nothing unless a port is', () => {
    const env = parseEnvForTest({ SITE_URL: 'https://Notes.Example.com/' });
    expect(env).toMatchObject({ REPLY_DOMAIN: 'notes.example.com', INBOUND_SMTP_HOST: '127.0.0.1', INBOUND_MAX_BYTES: 262_144 });
    expect(env.INBOUND_SMTP_PORT).toBeUndefined();
    expect(parseEnvForTest({ REPLY_DOMAIN: 'Reply.Notes.Example.com' }).REPLY_DOMAIN).toBe('reply.notes.example.com');
    expect(() => parseEnvForTest({ REPLY_DOMAIN: 'reply@notes.example.com' })).toThrow(/REPLY_DOMAIN/);
    expect(() => parseEnvForTest({ INBOUND_SMTP_PORT: '70000' })).toThrow(/INBOUND_SMTP_PORT/);
  });
});

describe('notification emails', () => {
  const site = { url: 'https://notes.example.com', title: 'Notes' };
  const comment = { id: 'AbCdEfGh_-12', issueSlug: 'x', authorName: 'Ada', body: 'Hi', status: 'published' as const };
  const replyTo = 'reply+abc@notes.example.com';
  it('gives the author a Reply-To and both ways to answer, but none for a comment still waiting for approval', () => {
    const mail = authorNewCommentEmail({ site, to: 'robin@example.com', comment, issueTitle: 'X', moderateUrl: () => 'https://m', replyTo });
    expect(mail.replyTo).toBe(replyTo);
    expect(mail.text).toContain('reply to this email');
    expect(mail.text).toContain('https://notes.example.com/admin/comments');
    const pending = authorNewCommentEmail({ site, to: 'robin@example.com', comment: { ...comment, status: 'pending' }, issueTitle: 'X', moderateUrl: () => 'https://m', replyTo });
    expect(pending.replyTo).toBeUndefined();
    expect(pending.text).not.toContain('reply to this email');
  });
  it('tells a reader they may answer by email or on the page', () => {
    const mail = replyEmail({ site, to: 'ada@example.org', reply: { ...comment, isAuthor: true }, issueTitle: 'X', stopUrl: 'https://s', replyTo });
    expect(mail.replyTo).toBe(replyTo);
    expect(mail.text).toContain('reply to this email');
    expect(mail.text).toContain('https://notes.example.com/x#comment-AbCdEfGh_-12');
    expect(replyEmail({ site, to: 'ada@example.org', reply: { ...comment, isAuthor: true }, issueTitle: 'X', stopUrl: 'https://s' }).replyTo).toBeUndefined();
  });
});
