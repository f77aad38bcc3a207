import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getDiscussion } from '@/lib/comments/discussion';
import { moderateComment } from '@/lib/comments/moderation';
import { flushDeliveries } from '@/lib/comments/notifications';
import { editComment } from '@/lib/comments/service';
import { resetTransportForTest } from '@/lib/mail/transport';
import { testDatabases, useTestDatabase } from '../support/databases';
import { startSmtpSink } from '../support/smtp';
import { postAsReader, readerCtx, SLUG, useDefaultCommentSettings } from './support/readers';

// Issue 10 point 10: an edit went around moderation (twelve links stayed published; `pre` too).
const TWELVE_LINKS = Array.from({ length: 12 }, (_, i) => `[deal ${i}](https://spam${i}.example)`).join(' ');
let sink: Awaited<ReturnType<typeof startSmtpSink>>;

beforeAll(async () => {
  sink = await startSmtpSink();
});
afterAll(async () => {
  resetTransportForTest();
  await sink.close();
});

/** What another reader sees of the comments. */
async function publicBodies(): Promise<string[]> {
  const { threads } = await getDiscussion(SLUG, { ownIds: new Set(), now: new Date() });
  return threads.flatMap((t) => [t.root, ...t.replies]).map((c) => c.bodyHtml);
}

const heldMailsFor = (id: string) =>
  sink.to('robin@example.com').filter((m) => m.subject?.startsWith('Waiting for approval') && m.text?.includes(`#comment-${id}`));

describe.each(testDatabases)('edits go through moderation on $kind', ({ kind }) => {
  const database = useTestDatabase(kind);
  afterEach(() => flushDeliveries());
  beforeEach(() => {
    sink.messages.length = 0;
    useDefaultCommentSettings({ SMTP_URL: sink.url });
    resetTransportForTest();
  });

  const own = (id: string) => ({ ownIds: new Set([id]) });

  it('holds a published comment edited to twelve links, off the page, and tells the author', async () => {
    const mine = await postAsReader({ body: 'A harmless first thought.' });
    expect(mine.status).toBe('published');
    const edited = await editComment(mine.id, { body: TWELVE_LINKS }, readerCtx(own(mine.id)));
    expect(edited).toMatchObject({ ok: true, value: { status: 'pending', body: TWELVE_LINKS } });
    expect((await publicBodies()).join('\n')).not.toContain('spam0.example');
    await flushDeliveries();
    expect(heldMailsFor(mine.id)).toHaveLength(1);
  });

  it('keeps an ordinary edit published, and does not hold the author\'s edits', async () => {
    const mine = await postAsReader({ body: 'A harmless first thought.' });
    expect(await editComment(mine.id, { body: 'A better thought, see https://a.example' }, readerCtx(own(mine.id))))
      .toMatchObject({ ok: true, value: { status: 'published' } });
    expect(await editComment(mine.id, { body: TWELVE_LINKS }, readerCtx({ isAuthor: true })))
      .toMatchObject({ ok: true, value: { status: 'published' } });
  });

  it('puts an approved comment back in the queue in pre mode', async () => {
    useDefaultCommentSettings({ SMTP_URL: sink.url, COMMENTS_MODERATION: 'pre' });
    const mine = await postAsReader({ body: 'Waiting my turn.' });
    expect(mine.status).toBe('pending');
    expect(await moderateComment({ action: 'approve', id: mine.id })).toMatchObject({ ok: true });
    await flushDeliveries();
    const toldBefore = heldMailsFor(mine.id).length; // the first "waiting" email, for the post itself
    const edited = await editComment(mine.id, { body: 'Now something else entirely.' }, readerCtx(own(mine.id)));
    expect(edited).toMatchObject({ ok: true, value: { status: 'pending' } });
    expect(await publicBodies()).toEqual([]);
    await flushDeliveries();
    expect(heldMailsFor(mine.id)).toHaveLength(toldBefore + 1);
  });

  it('never publishes a held comment by editing it', async () => {
    const held = await postAsReader({ body: TWELVE_LINKS });
    expect(held.status).toBe('pending');
    const edited = await editComment(held.id, { body: 'No links any more, promise.' }, readerCtx(own(held.id)));
    expect(edited).toMatchObject({ ok: true, value: { status: 'pending' } });
  });

  it('refuses an edit that duplicates another comment, keeping the old text', async () => {
    await postAsReader({ body: 'First!' });
    const mine = await postAsReader({ body: 'Something original.' });
    const edited = await editComment(mine.id, { body: 'first' }, readerCtx(own(mine.id)));
    expect(edited).toMatchObject({ ok: false, error: 'duplicate', fieldErrors: { body: ['This comment has already been posted.'] } });
    expect((await database().db.comment.findUnique({ where: { id: mine.id } }))?.body).toBe('Something original.');
    // Editing a comment to (a variant of) its own text is not a duplicate of itself.
    expect(await editComment(mine.id, { body: 'Something original!' }, readerCtx(own(mine.id)))).toMatchObject({ ok: true });
  });

  it('applies the body rules to edits', async () => {
    const mine = await postAsReader();
    expect(await editComment(mine.id, { body: 'x'.repeat(10_001) }, readerCtx(own(mine.id)))).toMatchObject({ ok: false, error: 'invalid' });
    expect(await editComment(mine.id, { body: '   ' }, readerCtx(own(mine.id)))).toMatchObject({ ok: false, error: 'invalid' });
  });
});
