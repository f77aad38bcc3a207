// Issue 10 point 11: signing out ends the session (a copied cookie stops working), "sign out
// everywhere" ends them all, and an emailed approve/delete link acts once and only on the
// comment as it was when the email was sent. Through the route handlers, on both databases.
import { beforeAll, describe, expect, it } from 'vitest';
import { emailAction, showModeration, signOut, signOutEverywhere } from '@/app/_handlers/admin';
import { postComment } from '@/app/_handlers/comments';
import { showStats } from '@/app/_handlers/stats';
import { showNewsletterAdmin } from '@/app/_handlers/newsletter-admin';
import { AUTHOR_COOKIE, isAuthorSession, signInWithPassword } from '@/lib/auth/service';
import { moderationLink } from '@/lib/comments/context';
import { createReaderFormToken } from '@/lib/comments/form-guard';
import { resetEnvForTest } from '@/lib/env';
import { signToken } from '@/lib/security/tokens';
import { getAppSecret } from '@/lib/security/secret';
import { testDatabases, useTestDatabase } from '../support/databases';

const SITE = 'http://localhost:3000';
const SLUG = 'small-tools-sharp-edges';

beforeAll(() => {
  Object.assign(process.env, {
    SITE_URL: SITE, AUTHOR_NAME: 'Robin Hale', AUTHOR_EMAIL: 'robin@example.com',
    APP_SECRET: 'test-secret-test-secret-test-secret-42', AUTHOR_PASSWORD: 'a long enough password',
  });
  resetEnvForTest();
});

let ipCounter = 0;
async function signIn(): Promise<string> {
  // A fresh address each time: the sign-in rate limit stays at its default.
  const result = await signInWithPassword('a long enough password', `192.0.2.${++ipCounter}`);
  if (!result.ok) throw new Error(result.error);
  return result.value.session;
}

const withCookie = (path: string, session: string, init: RequestInit = {}) =>
  new Request(`${SITE}${path}`, { ...init, headers: { cookie: `${AUTHOR_COOKIE}=${encodeURIComponent(session)}`, origin: SITE, ...init.headers } });

/** Whether this cookie opens the moderation queue (200) rather than being sent to sign in (303). */
async function opensAdmin(session: string): Promise<boolean> {
  const response = await showModeration(withCookie('/admin/comments', session));
  return response.status === 200;
}

describe.each(testDatabases)('author sessions on $kind', ({ kind }) => {
  const database = useTestDatabase(kind);

  it('signing out revokes the session: a copy of the old cookie no longer opens the admin pages', async () => {
    const session = await signIn();
    expect(await opensAdmin(session)).toBe(true);
    const out = await signOut(withCookie('/admin/sign-out', session, { method: 'POST' }));
    expect(out.status).toBe(303);
    expect(out.headers.get('set-cookie')).toMatch(/Max-Age=0/);
    expect(await opensAdmin(session)).toBe(false);
    expect((await showStats(withCookie('/admin/stats', session))).status).toBe(303);
    expect((await showNewsletterAdmin(withCookie('/admin/newsletter', session))).status).toBe(303);
    // Only a hash of the session id is stored, never the cookie itself.
    const rows = await database().db.authorSession.findMany();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.revokedAt).not.toBeNull();
    expect(session.includes(rows[0]!.idHash)).toBe(false);
  });

  it('signing out in one browser leaves the other signed in; "sign out everywhere" ends both', async () => {
    const laptop = await signIn();
    const phone = await signIn();
    await signOut(withCookie('/admin/sign-out', laptop, { method: 'POST' }));
    expect(await opensAdmin(phone)).toBe(true);

    const third = await signIn();
    const everywhere = await signOutEverywhere(withCookie('/admin/sign-out-everywhere', third, { method: 'POST' }));
    expect(everywhere.status).toBe(303);
    expect(await opensAdmin(phone)).toBe(false);
    expect(await opensAdmin(third)).toBe(false);
  });

  it('"sign out everywhere" is refused from another site and for a reader without a session', async () => {
    const session = await signIn();
    const forged = await signOutEverywhere(withCookie('/admin/sign-out-everywhere', session, { method: 'POST', headers: { origin: 'https://evil.example' } }));
    expect(forged.status).toBe(403);
    expect(await opensAdmin(session)).toBe(true);
    const stranger = await signOutEverywhere(new Request(`${SITE}/admin/sign-out-everywhere`, { method: 'POST', headers: { origin: SITE } }));
    expect(stranger.status).toBe(303);
    expect(await opensAdmin(session)).toBe(true);
  });

  it('a revoked cookie no longer posts with the Author badge', async () => {
    const post = async (session: string, body: string) => {
      const form = new URLSearchParams({ slug: SLUG, body, formToken: createReaderFormToken(SLUG, new Date(Date.now() - 60_000)) });
      await postComment(withCookie('/api/comments', session, { method: 'POST', body: form, headers: { 'content-type': 'application/x-www-form-urlencoded' } }));
      return database().db.comment.findFirstOrThrow({ where: { body } });
    };
    const session = await signIn();
    expect(await post(session, 'Posted while signed in.')).toMatchObject({ isAuthor: true, authorName: 'Robin Hale' });
    await signOut(withCookie('/admin/sign-out', session, { method: 'POST' }));
    expect(await post(session, 'Posted with the copied cookie.')).toMatchObject({ isAuthor: false, authorName: null });
  });

  it('a validly signed cookie that names no session (the old stateless kind) opens nothing', async () => {
    const stateless = signToken({ purpose: 'author-session' }, getAppSecret(), 30 * 24 * 3600);
    expect(await opensAdmin(stateless)).toBe(false);
    const unknown = signToken({ purpose: 'author-session', sid: 'not-a-session-we-made' }, getAppSecret(), 3600);
    expect(await opensAdmin(unknown)).toBe(false);
  });

  it('the signature-only check kept for skipping view counts still recognises a live cookie', async () => {
    expect(isAuthorSession(await signIn())).toBe(true);
    expect(isAuthorSession('forged.cookie')).toBe(false);
  });
});

describe.each(testDatabases)('emailed moderation links on $kind', ({ kind }) => {
  const database = useTestDatabase(kind);

  const pending = (id: string) =>
    database().db.comment.create({ data: { id, issueSlug: SLUG, authorName: 'Reader', body: 'Hello there', status: 'pending' } });
  const statusOf = async (id: string) => (await database().db.comment.findUniqueOrThrow({ where: { id } })).status;
  const open = (link: string, method: 'GET' | 'POST') =>
    emailAction(new Request(link, method === 'POST' ? { method, headers: { origin: SITE } } : {}));

  it('the GET only shows a confirmation button; the POST acts', async () => {
    await pending('cmt-get-only');
    const link = moderationLink('cmt-get-only', 'approve');
    const page = await open(link, 'GET');
    expect(page.response.status).toBe(200);
    const html = await page.response.text();
    expect(html).toMatch(/<form[^>]+method="post"/i);
    expect(html).toMatch(/<button[^>]*>Approve<\/button>/);
    expect(await statusOf('cmt-get-only')).toBe('pending');
    expect((await open(link, 'POST')).response.status).toBe(200);
    expect(await statusOf('cmt-get-only')).toBe('published');
  });

  it('a used approve link cannot publish the comment again after the author marked it spam', async () => {
    await pending('cmt-replayed');
    const link = moderationLink('cmt-replayed', 'approve');
    expect((await open(link, 'POST')).response.status).toBe(200);
    await database().db.comment.update({ where: { id: 'cmt-replayed' }, data: { status: 'spam' } });

    const replay = await open(link, 'POST');
    expect(replay.response.status).toBe(409);
    expect(await replay.response.text()).toContain('already used');
    expect(await statusOf('cmt-replayed')).toBe('spam');
    expect((await open(link, 'GET')).response.status).toBe(409);
  });

  it('an unused link refuses to act on a comment whose state changed since the email was sent', async () => {
    await pending('cmt-changed');
    const approve = moderationLink('cmt-changed', 'approve');
    const remove = moderationLink('cmt-changed', 'delete');
    await database().db.comment.update({ where: { id: 'cmt-changed' }, data: { status: 'spam' } });

    const page = await open(approve, 'GET');
    expect(page.response.status).toBe(409);
    expect(await page.response.text()).toContain('has changed');
    expect((await open(approve, 'POST')).response.status).toBe(409);
    expect(await statusOf('cmt-changed')).toBe('spam');

    // Approved from the admin page instead: the delete link in the old email is stale too.
    await database().db.comment.update({ where: { id: 'cmt-changed' }, data: { status: 'published' } });
    expect((await open(remove, 'POST')).response.status).toBe(409);
    expect(await statusOf('cmt-changed')).toBe('published');
  });

  it('two presses of the same link at once act once', async () => {
    await pending('cmt-race');
    const link = moderationLink('cmt-race', 'delete');
    const statuses = (await Promise.all([open(link, 'POST'), open(link, 'POST')])).map((r) => r.response.status).sort();
    expect(statuses).toEqual([200, 409]);
    expect(await statusOf('cmt-race')).toBe('deleted');
  });

  it('a link without a nonce (signed before links were single-use) does not work', async () => {
    await pending('cmt-old-link');
    const token = signToken({ purpose: 'moderate', id: 'cmt-old-link', action: 'approve' }, getAppSecret(), 3600);
    const old = await open(`${SITE}/admin/comments/email-action?token=${encodeURIComponent(token)}`, 'POST');
    expect(old.response.status).toBe(400);
    expect(await statusOf('cmt-old-link')).toBe('pending');
  });
});
