// Issue 10, points 12 and 16: with the default settings (COMMENTS_MIN_SECONDS=3, 5 comments per 10
// minutes) a reader without JavaScript could not comment at all; and one shared form token could
// be replayed. Every step here runs against the e2e server, which keeps every guard at its default.
import { expect, test, type Page } from '@playwright/test';
import { asOwnReader, MIN_SECONDS, waitUntilPostable } from '../e2e/support/reader';

const SLUG = 'rope-and-knots'; // the fixture issue whose discussion is this spec's alone
const unique = (text: string) => `${text} ${Math.random().toString(36).slice(2, 8)}`;

test.use(asOwnReader);

async function fill(page: Page, form: ReturnType<Page['locator']>, fields: { name?: string; body: string }) {
  if (fields.name !== undefined) await form.getByLabel('Name', { exact: true }).fill(fields.name);
  await form.getByLabel('Comment').fill(fields.body);
}

test.describe('without JavaScript, with the defaults', () => {
  test.use({ javaScriptEnabled: false });

  test('a reader checks a preview, posts, replies, recovers from an error and reloads after each post', async ({ page }) => {
    await page.goto(`/${SLUG}`);
    const body = unique('Boring is a **feature**.');
    const form = page.locator('#comment-form');
    await fill(page, form, { name: 'Plain Pat', body });
    await form.getByRole('button', { name: 'Post comment' }).click();

    // The prerendered page's form is everyone's: its post comes back as a preview with a token of our own.
    await expect(page).toHaveURL(new RegExp(`/${SLUG}/comments$`));
    const preview = form.getByRole('status');
    await expect(preview).toContainText('Check your comment, then post it.');
    await expect(preview.locator('strong', { hasText: 'feature' })).toBeVisible(); // rendered as it will look
    await expect(form.getByLabel('Comment')).toHaveValue(body);
    await expect(form.getByLabel('Name', { exact: true })).toHaveValue('Plain Pat');
    await expect(page.locator('article.comment', { hasText: 'Boring is a' })).toHaveCount(0); // nothing stored yet

    // Reloading the answer to a POST shows the discussion again (it was a 405).
    const reloaded = await page.reload();
    expect(reloaded!.status()).toBeLessThan(400);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Comments on');
    await fill(page, form, { name: 'Plain Pat', body });
    await waitUntilPostable(form);
    await form.getByRole('button', { name: 'Post comment' }).click();
    await expect(page).toHaveURL(new RegExp(`/${SLUG}/comments#comment-`));
    const comment = page.locator('article.comment', { hasText: 'Boring is a feature.' });
    await expect(comment).toBeVisible();
    await expect(comment.locator('.comment-author')).toHaveText('Plain Pat');

    // A reply, from the reply form of the live discussion.
    await comment.getByRole('button', { name: 'Reply' }).click();
    const replyForm = page.getByRole('form', { name: 'Reply to Plain Pat' });
    const reply = unique('Boring pages you at night less.');
    await replyForm.getByLabel('Comment').fill(reply);
    await waitUntilPostable(replyForm);
    await replyForm.getByRole('button', { name: 'Post reply' }).click();
    await expect(page.locator('li.thread', { hasText: 'Boring is a feature.' }).locator('ol.replies article', { hasText: reply })).toBeVisible();

    // A refused post comes back with the message, the text kept and a token that posts.
    const third = unique('A third thought, signed with a borrowed name.');
    await waitUntilPostable(form);
    await fill(page, form, { name: 'Robin Hale', body: third });
    await form.getByRole('button', { name: 'Post comment' }).click();
    await expect(form.getByText('That name is reserved for the author. Please choose another.')).toBeVisible();
    await expect(form.getByLabel('Comment')).toHaveValue(third);
    expect((await page.reload())!.status()).not.toBe(405);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Comments on');
    await fill(page, form, { name: 'Plain Pat', body: third });
    await waitUntilPostable(form);
    await form.getByRole('button', { name: 'Post comment' }).click();
    await expect(page.locator('article.comment', { hasText: third })).toBeVisible();
    expect((await page.reload())!.status()).toBe(200);
    await expect(page.locator('article.comment', { hasText: third })).toHaveCount(1); // a reload posts nothing twice
  });

  test('posting at once after the preview is refused as too quick, and the same page posts a moment later', async ({ page }) => {
    await page.goto(`/${SLUG}`);
    const form = page.locator('#comment-form');
    const body = unique('Posted in a hurry.');
    await fill(page, form, { body });
    await form.getByRole('button', { name: 'Post comment' }).click();
    await form.getByRole('button', { name: 'Post comment' }).click(); // at once: under the minimum time
    await expect(form.getByText('That was quick! Please take a moment, then post again.')).toBeVisible();
    await expect(form.getByLabel('Comment')).toHaveValue(body);
    await waitUntilPostable(form); // the same token: its clock kept running
    await form.getByRole('button', { name: 'Post comment' }).click();
    await expect(page.locator('article.comment', { hasText: body })).toBeVisible();
  });
});

test('a replayed form is refused with a clear message and the text kept, with a fresh token to post with', async ({ request }) => {
  const page = await (await request.get(`/${SLUG}/comments`)).text();
  const token = /name="formToken" value="([^"]+)"/.exec(page)![1]!;
  const minted = Date.now();
  await expect.poll(() => Date.now() - minted).toBeGreaterThan(MIN_SECONDS * 1000 + 100);
  const send = (body: string) => request.post('/api/comments', { form: { slug: SLUG, formToken: token, body }, maxRedirects: 0 });
  expect((await send(unique('Once is enough.'))).status()).toBe(303);
  const replay = await send('Twice from one form.');
  expect(replay.status()).toBe(409);
  const html = await replay.text();
  expect(html).toContain('This form was already used to post a comment.');
  expect(html).toMatch(/<textarea[^>]*>Twice from one form\.<\/textarea>/);
  const fresh = /id="comment-form"[\s\S]*?name="formToken" value="([^"]+)"/.exec(html)![1]!;
  expect(fresh).not.toBe(token);
});

test('the comment limit is the default one: five comments in ten minutes, then 429', async ({ request }) => {
  const tokens: string[] = [];
  for (let i = 0; i < 6; i++) tokens.push((await (await request.get(`/api/comments?slug=${SLUG}`)).json()).formToken);
  const minted = Date.now();
  await expect.poll(() => Date.now() - minted).toBeGreaterThan(MIN_SECONDS * 1000 + 100);
  const statuses: number[] = [];
  for (const formToken of tokens) {
    const res = await request.post('/api/comments', { form: { slug: SLUG, formToken, body: unique('Counting to the limit.') }, headers: { accept: 'application/json' } });
    statuses.push(res.status());
  }
  expect(statuses).toEqual([201, 201, 201, 201, 201, 429]);
});
