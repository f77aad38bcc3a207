import { expect, test, type Page } from '@playwright/test';
import { collectErrors } from './support/console';
import { asOwnReader, MIN_SECONDS, waitUntilPostable } from './support/reader';

const SLUG = 'mending-the-nets'; // the fixture issue whose discussion is this spec's alone
const unique = (text: string) => `${text} ${Math.random().toString(36).slice(2, 8)}`;

test.use(asOwnReader);

async function fillComment(page: Page, fields: { name?: string; email?: string; body: string }) {
  const form = page.locator('#comment-form');
  if (fields.name) await form.getByLabel('Name', { exact: true }).fill(fields.name);
  if (fields.email) await form.getByLabel('Email', { exact: true }).fill(fields.email);
  await form.getByLabel('Comment').fill(fields.body);
  return form;
}

/** With JavaScript: the script has a token of this reader's own, old enough to post with. */
async function fillReady(page: Page, fields: { name?: string; email?: string; body: string }) {
  const form = await fillComment(page, fields);
  await waitUntilPostable(form);
  return form;
}

/**
 * Without JavaScript, from the prerendered page: the shared form leads to a preview with a token
 * of the reader's own; once the minimum time is up, the second submit posts.
 */
async function postWithoutScript(page: Page, fields: { name?: string; email?: string; body: string }) {
  await (await fillComment(page, fields)).getByRole('button', { name: 'Post comment' }).click();
  const form = page.locator('#comment-form');
  await expect(form.getByRole('status')).toContainText('Check your comment, then post it.');
  await waitUntilPostable(form);
  await form.getByRole('button', { name: 'Post comment' }).click();
}

test('a reader posts a comment with JavaScript, without a reload', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto(`/${SLUG}`);
  const body = unique('Hiring for slope over intercept rings true.');
  const form = await fillReady(page, { name: 'Ada', email: 'ada@example.com', body });
  await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));
  await form.getByRole('button', { name: 'Post comment' }).click();
  const comment = page.locator('article.comment', { hasText: body });
  await expect(comment).toBeVisible();
  await expect(comment.locator('.comment-author')).toHaveText('Ada');
  await expect(page.getByRole('status')).toHaveText('Your comment is posted.');
  expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1); // same page: no reload
  await expect(form.getByLabel('Comment')).toHaveValue('');
  expect(errors).toEqual([]);
  // The shared page shows it to everyone once it is refreshed.
  await page.reload();
  await expect(page.locator('article.comment', { hasText: body })).toBeVisible();
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('a reader posts and replies with plain forms and lands on their comment', async ({ page }) => {
    await page.goto(`/${SLUG}`);
    const body = unique('Posting without scripts works.');
    await postWithoutScript(page, { name: 'Noscript Nell', body });
    await expect(page).toHaveURL(new RegExp(`/${SLUG}/comments#comment-`));
    const comment = page.locator('article.comment', { hasText: body });
    await expect(comment).toBeVisible();

    await comment.getByRole('button', { name: 'Reply' }).click();
    const replyForm = page.getByRole('form', { name: 'Reply to Noscript Nell' });
    const reply = unique('And replying too.');
    await replyForm.getByLabel('Comment').fill(reply);
    await waitUntilPostable(replyForm);
    await replyForm.getByRole('button', { name: 'Post reply' }).click();
    const thread = page.locator('li.thread', { hasText: body });
    await expect(thread.locator('ol.replies article', { hasText: reply })).toBeVisible();
  });

  test('a commenter edits and then deletes their own comment', async ({ page }) => {
    await page.goto(`/${SLUG}`);
    const body = unique('First draft of a thought.');
    await postWithoutScript(page, { name: 'Ed Ellison', body });
    const comment = page.locator('article.comment', { hasText: body });
    await comment.getByRole('button', { name: 'Edit' }).click();
    const edited = unique('Second, better draft.');
    await page.getByRole('form', { name: 'Edit your comment' }).getByLabel('Comment').fill(edited);
    await page.getByRole('button', { name: 'Save changes' }).click();
    const after = page.locator('article.comment', { hasText: edited });
    await expect(after.getByText('(edited)')).toBeVisible();
    await after.getByRole('button', { name: 'Delete' }).click();
    await expect(page.locator('article.comment', { hasText: edited })).toHaveCount(0);
  });

  test('an invalid comment comes back with a clear message and the text kept', async ({ page }) => {
    await page.goto(`/${SLUG}`);
    await postWithoutScript(page, { name: 'Robin Hale', body: 'Pretending to be the author.' });
    await expect(page.getByText('That name is reserved for the author. Please choose another.')).toBeVisible();
    await expect(page.locator('#comment-form').getByLabel('Comment')).toHaveValue('Pretending to be the author.');
  });
});

test('deleting your own comment with JavaScript removes it and counts one comment fewer', async ({ page }) => {
  await page.goto(`/${SLUG}`);
  const body = unique('A thought I take back.');
  await (await fillReady(page, { name: 'Second Thoughts', body })).getByRole('button', { name: 'Post comment' }).click();
  const comment = page.locator('article.comment', { hasText: body });
  await expect(page.getByRole('status')).toHaveText('Your comment is posted.');
  const heading = page.getByRole('heading', { level: 2, name: /comments?$/ });
  const before = parseInt((await heading.textContent())!.replace(/,/g, ''), 10) || 0;
  const counted = (n: number) => (n === 0 ? 'Comments' : `${n.toLocaleString('en')} comment${n === 1 ? '' : 's'}`);
  page.once('dialog', (dialog) => dialog.accept());
  await comment.getByRole('button', { name: 'Delete' }).click();
  await expect(comment).toHaveCount(0);
  await expect(page.getByText('This comment was deleted.')).toHaveCount(0); // nobody replied: no placeholder
  await expect(heading).toHaveText(counted(before - 1));
  await page.reload(); // the server agrees
  await expect(page.getByRole('heading', { level: 2, name: /comments?$/ })).toHaveText(counted(before - 1));
  await expect(page.getByText('This comment was deleted.')).toHaveCount(0);
});

test('a reader replies under the comment they answer, with JavaScript', async ({ page }) => {
  await page.goto(`/${SLUG}`);
  const top = unique('Which loop step matters most?');
  await (await fillReady(page, { name: 'Bo', body: top })).getByRole('button', { name: 'Post comment' }).click();
  const comment = page.locator('article.comment', { hasText: top });
  await comment.getByRole('button', { name: 'Reply' }).click();
  const replyForm = comment.getByRole('form', { name: 'Reply to Bo' });
  await expect(replyForm.getByLabel('Comment')).toBeFocused();
  const reply = unique('The work sample, every time.');
  await replyForm.getByLabel('Comment').fill(reply);
  await waitUntilPostable(replyForm); // the answer to the first post brought a fresh token
  await replyForm.getByRole('button', { name: 'Post reply' }).click();
  await expect(page.locator('li.thread', { hasText: top }).locator('ol.replies article', { hasText: reply })).toBeVisible();
});

test('the author signs in and replies with the Author badge', async ({ page }) => {
  await page.goto('/admin');
  await page.getByLabel('Password').fill('correct horse battery staple');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Comments' })).toBeVisible();

  await page.goto(`/${SLUG}`);
  const body = unique('Thanks for reading, everyone.');
  await page.locator('#comment-form').getByLabel('Comment').fill(body);
  await page.locator('#comment-form').getByRole('button', { name: 'Post comment' }).click();
  const comment = page.locator('article.comment', { hasText: body });
  await expect(comment.locator('.comment-author')).toHaveText('Robin Hale');
  await expect(comment.getByText('Author', { exact: true })).toBeVisible();
});

test('a wrong password is refused without a session', async ({ page }) => {
  await page.goto('/admin');
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText('That password is not right.');
  await page.goto('/admin/comments');
  await expect(page).toHaveURL(/\/admin$/);
});

test('script and markup in a comment are shown as text, never run', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto(`/${SLUG}`);
  const attack = `<script>window.__xss=1</script><img src=x onerror="window.__xss=2"> [click](javascript:window.__xss=3) ${Math.random()}`;
  await (await fillReady(page, { name: '<b>Mallory</b>', body: attack })).getByRole('button', { name: 'Post comment' }).click();
  await expect(page.getByRole('status')).toHaveText('Your comment is posted.');
  await page.reload();
  const comment = page.locator('article.comment', { hasText: '<script>window.__xss=1</script>' });
  await expect(comment).toBeVisible();
  await expect(comment.locator('.comment-author')).toHaveText('<b>Mallory</b>');
  await expect(comment.locator('.comment-body img, .comment-body script, .comment-body a')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  expect(errors).toEqual([]);
});

test('the comment API answers bad requests with the right status codes', async ({ request }) => {
  const token = (await (await request.get(`/api/comments?slug=${SLUG}`)).json()).formToken as string;
  const minted = Date.now();
  const post = (data: Record<string, string>, headers: Record<string, string> = {}) =>
    request.post('/api/comments', { form: { slug: SLUG, formToken: token, ...data }, headers: { accept: 'application/json', ...headers }, maxRedirects: 0 });

  const empty = await post({ body: '' });
  expect(empty.status()).toBe(400);
  expect(await empty.json()).toMatchObject({ fieldErrors: { body: ['Write a comment before posting'] } });
  expect((await post({ body: 'x'.repeat(10_001) })).status()).toBe(400);
  expect((await post({ body: 'x'.repeat(70_000) })).status()).toBe(413);
  expect((await post({ body: 'From elsewhere' }, { origin: 'https://evil.example' })).status()).toBe(403);
  expect((await post({ body: 'Unknown issue', slug: 'no-such-issue' })).status()).toBe(404);
  await expect.poll(() => Date.now() - minted).toBeGreaterThan(MIN_SECONDS * 1000 + 100); // a reader takes a moment
  const ok = await post({ body: unique('A fine comment') });
  expect(ok.status()).toBe(201);
  expect(ok.headers()['set-cookie']).toMatch(/SameSite=Lax; HttpOnly/);
});
