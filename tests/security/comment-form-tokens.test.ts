// Issue 10, point 12: a prerendered page's form token lasted 366 days and posted 58 comments, and
// a page minted 25 s earlier passed the minimum-time check at once. Tokens are now per reader,
// single-use, two hours long, and the minimum time runs from their own minting. With the defaults:
// COMMENTS_MIN_SECONDS=3, COMMENTS_RATE_LIMIT=5/10m.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RequestContext } from '@/lib/comments/context';
import { judgeFormToken, mintFormToken, readFormToken } from '@/lib/comments/form-token';
import { continueFormToken, createPageFormToken, createReaderFormToken } from '@/lib/comments/form-guard';
import { flushDeliveries } from '@/lib/comments/notifications';
import { createComment } from '@/lib/comments/service';
import { resetEnvForTest } from '@/lib/env';
import { resetTransportForTest } from '@/lib/mail/transport';
import { testDatabases, useTestDatabase } from '../support/databases';
import { startSmtpSink } from '../support/smtp';

const SLUG = 'keeping-a-lab-notebook';
const OTHER = 'small-tools-sharp-edges';
const SECRET = 'test-secret-test-secret-test-secret-42';
const T0 = new Date('2026-06-01T09:00:00Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

describe('form tokens, the pure core', () => {
  const judge = (raw: string, now: Date, isAuthor = false) =>
    judgeFormToken(readFormToken(raw, SLUG, SECRET, now), { now, minMs: 3000, isAuthor });

  it('counts the minimum time from the reader token’s own minting', () => {
    const token = mintFormToken('reader', SLUG, SECRET, T0);
    expect(judge(token, at(1))).toMatchObject({ ok: false, error: 'too-fast', retryAfter: 2 });
    expect(judge(token, at(3))).toMatchObject({ ok: true, token: { kind: 'reader', slug: SLUG } });
  });

  it('lets a reader token live two hours and refuses it after', () => {
    const token = mintFormToken('reader', SLUG, SECRET, T0);
    expect(judge(token, at(2 * 3600 - 1)).ok).toBe(true);
    expect(judge(token, at(2 * 3600))).toMatchObject({ ok: false, error: 'expired-form' });
  });

  it('never lets a shared page token post, however old: it asks for a preview', () => {
    expect(judge(mintFormToken('page', SLUG, SECRET, T0), at(25))).toMatchObject({ ok: false, error: 'unconfirmed' });
  });

  it('refuses tokens for another issue, forged, or signed with another key', () => {
    expect(readFormToken(mintFormToken('reader', OTHER, SECRET, T0), SLUG, SECRET, at(5))).toBeNull();
    expect(readFormToken(mintFormToken('reader', SLUG, 'another-secret-entirely', T0), SLUG, SECRET, at(5))).toBeNull();
    expect(readFormToken('forged.token', SLUG, SECRET, at(5))).toBeNull();
    expect(judge('', at(5))).toMatchObject({ ok: false, error: 'expired-form' });
  });

  it('gives every reader token its own nonce', () => {
    const nonces = new Set(Array.from({ length: 50 }, () => readFormToken(mintFormToken('reader', SLUG, SECRET, T0), SLUG, SECRET, at(5))!.nonce));
    expect(nonces.size).toBe(50);
  });
});

let sink: Awaited<ReturnType<typeof startSmtpSink>>;
beforeAll(async () => {
  sink = await startSmtpSink();
  // The defaults a reader gets: no relaxed minimum time or rate limit from another suite.
  for (const name of ['COMMENTS_MIN_SECONDS', 'COMMENTS_RATE_LIMIT', 'COMMENTS_MODERATION']) delete process.env[name];
  Object.assign(process.env, { AUTHOR_NAME: 'Robin Hale', AUTHOR_EMAIL: 'robin@example.com', APP_SECRET: SECRET, SMTP_URL: sink.url, COMMENTS_NOTIFY: 'off' });
  resetEnvForTest();
  resetTransportForTest();
});
afterAll(async () => {
  resetTransportForTest();
  await sink.close();
});

describe.each(testDatabases)('comment form tokens on $kind', ({ kind }) => {
  const database = useTestDatabase(kind);
  afterEach(() => flushDeliveries());
  let address = 0;
  // Each test is its own reader: the default limit of 5 posts per 10 minutes stays on.
  const reader = (): ((seconds: number) => RequestContext) => {
    const ip = `203.0.113.${++address}`;
    return (seconds) => ({ ip, now: at(seconds), isAuthor: false, ownIds: new Set() });
  };
  const form = (formToken: string, body = `A considered comment ${Math.random()}`, slug = SLUG) => ({ slug, formToken, body, notifyReplies: 'off' });

  it('posts once with a reader token; a replay of it is refused with a clear message and stores nothing', async () => {
    const ctx = reader();
    const token = createReaderFormToken(SLUG, at(0));
    expect(await createComment(form(token), ctx(10))).toMatchObject({ ok: true });
    expect(await createComment(form(token), ctx(20))).toMatchObject({
      ok: false, error: 'used-form', fieldErrors: { form: ['This form was already used to post a comment. Your text is kept below: post it again if you meant to.'] },
    });
    expect(await database().db.comment.count()).toBe(1);
  });

  it('stores one comment when two posts race with one token', async () => {
    const ctx = reader();
    const token = createReaderFormToken(SLUG, at(0));
    const results = await Promise.all([createComment(form(token), ctx(10)), createComment(form(token), ctx(10))]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({ error: 'used-form' });
    expect(await database().db.comment.count()).toBe(1);
  });

  it('refuses a token used before the minimum time, then takes the same token once it is up', async () => {
    const ctx = reader();
    const token = createReaderFormToken(SLUG, at(0));
    expect(await createComment(form(token), ctx(1))).toMatchObject({ ok: false, error: 'too-fast', retryAfter: 2 });
    expect(await database().db.comment.count()).toBe(0);
    expect(await createComment(form(token), ctx(3))).toMatchObject({ ok: true });
  });

  it('refuses an expired token and a token for another issue', async () => {
    const ctx = reader();
    expect(await createComment(form(createReaderFormToken(SLUG, at(0))), ctx(2 * 3600 + 1))).toMatchObject({ ok: false, error: 'expired-form' });
    expect(await createComment(form(createReaderFormToken(OTHER, at(0))), ctx(60))).toMatchObject({ ok: false, error: 'expired-form' });
    expect(await database().db.comment.count()).toBe(0);
  });

  it('never stores a post with the prerendered page’s shared token, even 25 s after it was minted', async () => {
    const ctx = reader();
    const page = createPageFormToken(SLUG, at(0));
    for (let i = 0; i < 3; i++) expect(await createComment(form(page), ctx(25 + i))).toMatchObject({ ok: false, error: 'unconfirmed' });
    expect(await database().db.comment.count()).toBe(0);
  });

  it('lets the signed-in author reply from the admin page with its shared token', async () => {
    const ctx = reader();
    const page = createPageFormToken(SLUG, at(0));
    expect(await createComment(form(page), { ...ctx(1), isAuthor: true })).toMatchObject({ ok: true, value: { isAuthor: true } });
    expect(await createComment(form(page), { ...ctx(2), isAuthor: true })).toMatchObject({ ok: true });
  });

  it('re-renders a refused form with the reader’s own token while it is good, else a fresh one', async () => {
    const ctx = reader();
    const token = createReaderFormToken(SLUG, at(0));
    expect(await continueFormToken(token, SLUG, at(1))).toBe(token); // "too quick": the clock keeps running
    await createComment(form(token), ctx(5));
    const fresh = await continueFormToken(token, SLUG, at(6));
    expect(fresh).not.toBe(token);
    expect(await createComment(form(fresh), ctx(9))).toMatchObject({ ok: true });
    const fromPage = await continueFormToken(createPageFormToken(SLUG, at(0)), SLUG, at(10));
    expect(readFormToken(fromPage, SLUG, SECRET, at(10))).toMatchObject({ kind: 'reader' });
  });

  it('still holds the default rate limit: the sixth post in ten minutes is refused', async () => {
    const ctx = reader();
    const results = [];
    for (let i = 0; i < 6; i++) results.push(await createComment(form(createReaderFormToken(SLUG, at(i * 10))), ctx(i * 10 + 5)));
    expect(results.map((r) => r.ok)).toEqual([true, true, true, true, true, false]);
    expect(results[5]).toMatchObject({ error: 'rate-limited' });
  });
});
