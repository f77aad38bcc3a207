import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RequestContext } from '@/lib/comments/context';
import { createReaderFormToken } from '@/lib/comments/form-guard';
import { getDiscussion } from '@/lib/comments/discussion';
import { moderateComment } from '@/lib/comments/moderation';
import { deliverPending, flushDeliveries } from '@/lib/comments/notifications';
import { createComment, deleteComment, editComment } from '@/lib/comments/service';
import { resetEnvForTest } from '@/lib/env';
import { resetTransportForTest } from '@/lib/mail/transport';
import { testDatabases, useTestDatabase } from '../support/databases';
import { confirmFromMail } from '../support/replies';
import { startSmtpSink } from '../support/smtp';

const SLUG = 'keeping-a-lab-notebook';
const T0 = new Date('2026-03-01T10:00:00Z');
let sink: Awaited<ReturnType<typeof startSmtpSink>>;

function setEnv(vars: Record<string, string>) {
  Object.assign(process.env, vars);
  resetEnvForTest();
}

beforeAll(async () => {
  sink = await startSmtpSink();
  setEnv({
    AUTHOR_NAME: 'Robin Hale', AUTHOR_EMAIL: 'robin@example.com', APP_SECRET: 'test-secret-test-secret-test-secret-42',
    SMTP_URL: sink.url, COMMENTS_RATE_LIMIT: 'off', COMMENTS_MIN_SECONDS: '0', COMMENTS_MODERATION: 'post', COMMENTS_NOTIFY: 'each',
  });
  resetTransportForTest();
});
afterAll(async () => {
  resetTransportForTest();
  await sink.close();
});

let clock = T0.getTime();
const ctx = (over: Partial<RequestContext> = {}): RequestContext => ({
  ip: '203.0.113.7', now: new Date((clock += 1000)), isAuthor: false, ownIds: new Set(), ...over,
});
const form = (over: Record<string, unknown> = {}) => ({
  slug: SLUG, body: `A thoughtful comment ${Math.random()}`, formToken: createReaderFormToken(SLUG, T0), notifyReplies: 'off', ...over,
});
async function post(over: Record<string, unknown> = {}, c: Partial<RequestContext> = {}) {
  const result = await createComment(form(over), ctx(c));
  if (!result.ok) throw new Error(`expected a comment, got ${result.error}`);
  return result.value;
}

describe.each(testDatabases)('comments on $kind', ({ kind }) => {
  const database = useTestDatabase(kind);
  // Background deliveries of one test must land before its rows are wiped and the next test counts mail.
  afterEach(() => flushDeliveries());
  beforeEach(() => {
    sink.messages.length = 0;
    setEnv({ COMMENTS_RATE_LIMIT: 'off', COMMENTS_MODERATION: 'post', COMMENTS_MIN_SECONDS: '0', COMMENTS_NOTIFY: 'each' });
  });

  it('threads replies under their top-level comment, saying whom a reply answers', async () => {
    const top = await post({ name: 'Ada' });
    const reply = await post({ name: 'Bo', parentId: top.id });
    await post({ name: 'Cy', parentId: reply.id });
    await post({ name: 'Di' });
    const { threads, count } = await getDiscussion(SLUG, { ownIds: new Set(), now: new Date(clock) });
    expect(count).toBe(4);
    expect(threads.map((t) => t.root.authorName)).toEqual(['Ada', 'Di']);
    expect(threads[0]!.replies.map((r) => [r.authorName, r.inReplyTo?.name ?? null])).toEqual([['Bo', null], ['Cy', 'Bo']]);
  });

  // Confirming the address first is a full mail round trip: room for it on a loaded machine.
  it('emails the author about a reader comment and the parent about a reply, each exactly once', { timeout: 30_000 }, async () => {
    const top = await post({ name: 'Ada', email: 'ada@example.com', notifyReplies: 'on' });
    await confirmFromMail(sink, 'ada@example.com');
    sink.messages.length = 0;
    await post({ name: 'Bo', email: 'bo@example.com', parentId: top.id });
    await post({ name: 'Ada again', email: 'ADA@example.com', parentId: top.id }); // her own reply: no email to her
    await flushDeliveries();
    await deliverPending(); // a second pass sends nothing again
    expect(sink.to('robin@example.com')).toHaveLength(2);
    const toAda = sink.to('ada@example.com');
    expect(toAda).toHaveLength(1);
    expect(toAda[0]!.subject).toBe('New reply to your comment on "Keeping a lab notebook"');
    expect(toAda[0]!.text).toContain('/comments/stop-replies?token=');
    expect(toAda[0]!.headerLines.some((h) => h.key === 'list-unsubscribe')).toBe(true);
    expect(sink.to('bo@example.com')).toHaveLength(0);
  });

  it('never puts a commenter\'s text into email HTML unescaped', async () => {
    await post({ name: '<b>Eve</b>', body: '<img src=x onerror=alert(1)> hi' });
    await flushDeliveries();
    const mail = sink.to('robin@example.com')[0]!;
    expect(mail.html).not.toContain('<img src=x');
    expect(mail.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  // Confirming the address first is a full mail round trip: room for it on a loaded machine.
  it('lets the signed-in author reply as the author, and refuses a reader who borrows the name', { timeout: 30_000 }, async () => {
    const top = await post({ name: 'Ada', email: 'ada@example.com', notifyReplies: 'on' });
    await confirmFromMail(sink, 'ada@example.com');
    sink.messages.length = 0;
    const answer = await post({ parentId: top.id, name: 'ignored' }, { isAuthor: true });
    expect(answer).toMatchObject({ isAuthor: true, authorName: 'Robin Hale', status: 'published' });
    for (const name of ['robin hale', 'Rоbin Hаle', 'R o b i n  H a l e', 'Ｒｏｂｉｎ Ｈａｌｅ', 'R0bin Ha1e', 'Author']) {
      const refused = await createComment(form({ name }), ctx());
      expect(refused).toMatchObject({ ok: false, error: 'impersonation', fieldErrors: { name: ['That name is reserved for the author. Please choose another.'] } });
    }
    // Invisible characters are refused outright, so they cannot hide the name either.
    expect(await createComment(form({ name: 'ROBIN\u200BHALE' }), ctx())).toMatchObject({ ok: false, error: 'invalid' });
    expect(await database().db.comment.count()).toBe(2);
    await flushDeliveries();
    expect(sink.to('ada@example.com')[0]!.subject).toBe('The author replied to your comment on "Keeping a lab notebook"');
  });

  it('holds comments as the moderation mode says, and shows a pending one only to its writer', async () => {
    setEnv({ COMMENTS_MODERATION: 'pre' });
    const held = await post({ email: 'new@example.com' });
    expect(held.status).toBe('pending');
    expect((await getDiscussion(SLUG, { ownIds: new Set(), now: new Date(clock) })).count).toBe(0);
    const own = await getDiscussion(SLUG, { ownIds: new Set([held.id]), now: new Date(clock) });
    expect(own.threads[0]!.root.pending).toBe(true);

    setEnv({ COMMENTS_MODERATION: 'first' });
    expect((await post({ email: 'fresh@example.com' })).status).toBe('pending');
    expect(await moderateComment({ action: 'approve', id: held.id })).toMatchObject({ ok: true });
    expect((await post({ email: 'new@example.com' })).status).toBe('published');

    setEnv({ COMMENTS_MODERATION: 'post' });
    expect((await post({ body: 'a https://a.example b https://b.example c https://c.example d https://d.example' })).status).toBe('pending');
  });

  it('rate-limits per address in the database, exactly, even under concurrent posts', async () => {
    setEnv({ COMMENTS_RATE_LIMIT: '5/10m' });
    const results = await Promise.all(Array.from({ length: 12 }, () => createComment(form(), ctx({ ip: '198.51.100.1' }))));
    expect(results.filter((r) => r.ok)).toHaveLength(5);
    const limited = results.find((r) => !r.ok);
    expect(limited).toMatchObject({ ok: false, error: 'rate-limited' });
    expect((limited as { retryAfter: number }).retryAfter).toBeGreaterThan(0);
    expect((await createComment(form(), ctx({ ip: '198.51.100.2' }))).ok).toBe(true);
    expect(await database().db.comment.count()).toBe(6);
  });

  it('refuses bots, duplicates, quick posts, forged forms and missing parents, storing nothing', async () => {
    const first = await post({ body: 'Same words' });
    expect(await createComment(form({ body: '  Same words ' }), ctx())).toMatchObject({ error: 'duplicate' });
    expect(await createComment(form({ website: 'http://spam.example' }), ctx())).toMatchObject({ error: 'spam-trap' });
    expect(await createComment(form({ formToken: 'forged.token' }), ctx())).toMatchObject({ error: 'expired-form' });
    expect(await createComment(form({ parentId: 'nosuchcomment' }), ctx())).toMatchObject({ error: 'unknown-parent' });
    expect(await createComment(form({ slug: 'no-such-issue' }), ctx())).toMatchObject({ error: 'unknown-issue' });
    expect(await createComment(form({ body: 'x'.repeat(10_001) }), ctx())).toMatchObject({
      error: 'invalid', fieldErrors: { body: ['Comments can be at most 10,000 characters'] },
    });
    expect(await createComment(form({ name: 'n'.repeat(81) }), ctx())).toMatchObject({ error: 'invalid' });
    expect(await createComment(form({ email: 'a@b.example\r\nBcc: x@y.example' }), ctx())).toMatchObject({ error: 'invalid' });
    setEnv({ COMMENTS_MIN_SECONDS: '3' });
    const quick = await createComment(form({ formToken: createReaderFormToken(SLUG, new Date(clock)) }), ctx());
    expect(quick).toMatchObject({ error: 'too-fast' });
    expect(await database().db.comment.count()).toBe(1);
    expect(first.status).toBe('published');
  });

  it('lets a commenter edit or delete their own comment for 15 minutes and until someone replies', async () => {
    const mine = await post({ name: 'Ada' });
    const owner = { ownIds: new Set([mine.id]) };
    expect(await editComment(mine.id, { body: 'Better words' }, ctx(owner))).toMatchObject({ ok: true, value: { body: 'Better words' } });
    expect(await editComment(mine.id, { body: 'Not mine' }, ctx())).toMatchObject({ ok: false, error: 'forbidden' });
    const late = { ...owner, now: new Date(mine.createdAt.getTime() + 16 * 60_000) };
    expect(await editComment(mine.id, { body: 'Too late' }, ctx(late))).toMatchObject({ ok: false, error: 'forbidden' });

    const other = await post({ name: 'Bo' });
    await post({ parentId: other.id });
    expect(await deleteComment(other.id, ctx({ ownIds: new Set([other.id]) }))).toMatchObject({ ok: false, error: 'forbidden' });
    expect(await deleteComment(other.id, ctx({ isAuthor: true }))).toMatchObject({ ok: true });
    const { threads } = await getDiscussion(SLUG, { ownIds: new Set(), now: new Date(clock) });
    const placeholder = threads.find((t) => t.root.id === other.id)!;
    expect(placeholder.root.placeholder).toBe(true);
    expect(placeholder.replies).toHaveLength(1);
    expect(threads.find((t) => t.root.id === mine.id)!.root.editedAt).not.toBeNull();
  });
});
