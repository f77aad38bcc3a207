import AxeBuilder from '@axe-core/playwright';
import { expect, test, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { collectErrors } from './support/console';
import { asOwnReader, waitUntilPostable } from './support/reader';

// The e2e server runs with POPUP_DELAY_SECONDS=2. Time is Playwright's fake clock: no sleeping.
const SLUG = 'the-foghorn-schedule'; // a fixture issue of this spec's own: no comments from other specs
const DELAY_MS = 2_000;
const QUIET_MS = 5_000;
const IN_USE_MS = 30_000; // no popup this long after any use of a form or the comment section
const DAY_MS = 24 * 3600 * 1000;

// Other specs may keep the popup away through the shared storage state; these start as a new reader.
test.use({ storageState: { cookies: [], origins: [] } });
test.use(asOwnReader);

/** A fresh visit (a new tab) to an issue, with the page's clock under the test's control. */
async function visit(page: Page, query = '', time?: number) {
  await page.clock.install(time === undefined ? {} : { time });
  await page.goto(`/${SLUG}${query}`);
  return page.getByRole('dialog');
}

async function openPopup(page: Page) {
  const dialog = await visit(page);
  await page.clock.runFor(DELAY_MS);
  await expect(dialog).toBeVisible();
  return dialog;
}

/** Waits until the dismissal is remembered (the dialog's close event comes a moment after it hides). */
async function dismissalCookie(context: BrowserContext) {
  const find = async () => (await context.cookies()).find((c) => c.name === 'masthead_popup_dismissed');
  await expect.poll(find).toBeDefined();
  return (await find())!;
}

async function newVisit(context: BrowserContext, time?: number) {
  const page = await context.newPage();
  const dialog = await visit(page, '', time);
  await page.clock.runFor(60_000);
  return dialog;
}

test('the popup opens after the delay as a labelled modal dialog, without moving the page', async ({ page }) => {
  const errors = collectErrors(page);
  // The clock stands still from the start, so only runFor moves it: the real time a busy machine
  // takes to load the page cannot open the popup before the delay.
  const start = Date.now();
  await page.clock.install({ time: start });
  await page.clock.pauseAt(start + 1_000);
  await page.goto(`/${SLUG}`);
  const dialog = page.getByRole('dialog');
  await page.evaluate(() => window.scrollTo({ top: 600, behavior: 'instant' }));
  const before = await page.evaluate(() => [document.documentElement.clientWidth, window.scrollY]);
  await page.clock.runFor(DELAY_MS - 500);
  await expect(dialog).toBeHidden();
  await page.clock.runFor(500);
  await expect(dialog).toBeVisible();
  await expect(dialog).toHaveAttribute('aria-modal', 'true');
  const heading = (await dialog.getByRole('heading').textContent())!.trim();
  await expect(dialog).toHaveAccessibleName(heading);
  await expect(dialog.getByLabel('Email')).toBeFocused();
  expect(await page.evaluate(() => [document.documentElement.clientWidth, window.scrollY])).toEqual(before);
  expect(errors).toEqual([]);

  // At most once a visit, even when it was never answered.
  await page.reload();
  await page.clock.runFor(60_000);
  await expect(dialog).toBeHidden();
});

test('a reader writing a comment is never interrupted; it waits until they leave the box and stop typing', async ({ page }) => {
  const dialog = await visit(page);
  const comment = page.locator('#comment-form').getByLabel('Comment');
  await comment.click();
  for (const word of ['Slow ', 'and ', 'steady ', 'typing ']) {
    await page.keyboard.type(word);
    await page.clock.runFor(1_000);
  }
  await expect(dialog).toBeHidden(); // well past the delay
  await page.clock.runFor(QUIET_MS + 1_000); // thinking, still in the box
  await expect(dialog).toBeHidden();

  await page.keyboard.type('done.');
  await page.keyboard.press('Tab'); // leaves the box
  await expect(comment).not.toBeFocused();
  await page.clock.runFor(IN_USE_MS - 1_000);
  await expect(dialog).toBeHidden();
  await page.clock.runFor(1_500);
  await expect(dialog).toBeVisible();
  await expect(comment).toHaveValue('Slow and steady typing done.');
});

test('a reader who pauses, then posts a comment, sees “Your comment is posted” with no popup over it', async ({ page }) => {
  const dialog = await visit(page);
  const form = page.locator('#comment-form');
  await form.getByLabel('Comment').fill(`Thinking it over ${Math.random().toString(36).slice(2, 8)}`);
  await waitUntilPostable(form);
  await page.clock.runFor(6_000); // the pause before posting: well past the delay and the keyboard quiet
  await expect(dialog).toBeHidden();
  await form.getByRole('button', { name: 'Post comment' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Your comment is posted.' })).toBeVisible();
  await page.clock.runFor(IN_USE_MS - 2_000);
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'Your comment is posted.' })).toBeVisible();
  await page.clock.runFor(3_000); // the section left alone for a while: now it may ask
  await expect(dialog).toBeVisible();
});

const uses = {
  'a click on a checkbox of the comment form': (page: Page) => page.getByLabel('Email me when someone replies').check(),
  'focus on the comment form’s button': (page: Page) => page.getByRole('button', { name: 'Post comment' }).focus(),
};
for (const [use, act] of Object.entries(uses)) {
  test(`${use} keeps it away for a while`, async ({ page }) => {
    const dialog = await visit(page);
    await page.clock.runFor(1_000);
    await act(page);
    await page.clock.runFor(IN_USE_MS - 2_000);
    await expect(dialog).toBeHidden();
    await page.clock.runFor(2_000);
    await expect(dialog).toBeVisible();
  });
}

test('Escape closes it, focus returns, and it stays closed on reload and on later visits', async ({ page, context }) => {
  const dialog = await visit(page);
  const link = page.getByRole('link', { name: 'Skip to content' }); // not a form: a form in use keeps it away
  await link.focus();
  await page.clock.runFor(DELAY_MS);
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(link).toBeFocused();
  await dismissalCookie(context);

  await page.reload();
  await page.clock.runFor(60_000);
  await expect(dialog).toBeHidden();
  await expect(await newVisit(context, Date.now() + 29 * DAY_MS)).toBeHidden();
});

test('a dismissal survives clearing either localStorage or the cookie, and lapses after 30 days', async ({ page, context }) => {
  await (await openPopup(page)).getByRole('button', { name: 'Close' }).click();
  const cookie = await dismissalCookie(context);

  await context.clearCookies({ name: 'masthead_popup_dismissed' });
  await expect(await newVisit(context)).toBeHidden(); // localStorage remembers

  await context.addCookies([cookie]);
  await page.evaluate(() => localStorage.clear());
  await expect(await newVisit(context)).toBeHidden(); // the cookie remembers

  await expect(await newVisit(context, Date.now() + 31 * DAY_MS)).toBeVisible();
});

const dismissals = {
  'the Close button': (page: Page, dialog: Locator) => dialog.getByRole('button', { name: 'Close' }).click(),
  'a click outside': (page: Page) => page.mouse.click(5, 5), // on the backdrop
};
for (const [way, dismiss] of Object.entries(dismissals)) {
  test(`${way} dismisses it, and later visits are left alone`, async ({ page, context }) => {
    const dialog = await openPopup(page);
    await dialog.getByRole('heading').click(); // a click inside is no dismissal
    await expect(dialog).toBeVisible();
    await dismiss(page, dialog);
    await expect(dialog).toBeHidden();
    await dismissalCookie(context);
    await expect(await newVisit(context)).toBeHidden();
  });
}

test('focus is trapped in the dialog and returns to where it was', async ({ page }) => {
  const dialog = await visit(page);
  const link = page.getByRole('link', { name: 'Skip to content' });
  await link.focus();
  await page.clock.runFor(DELAY_MS);
  const [close, email, subscribe] = [
    dialog.getByRole('button', { name: 'Close' }),
    dialog.getByLabel('Email'),
    dialog.getByRole('button', { name: 'Subscribe' }),
  ];
  await expect(email).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(subscribe).toBeFocused();
  await page.keyboard.press('Tab'); // from the last control to the first
  await expect(close).toBeFocused();
  await page.keyboard.press('Shift+Tab'); // and back
  await expect(subscribe).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(link).toBeFocused();
});

test('subscribing in the popup shows the answer without a reload, and it never asks again', async ({ page, context }) => {
  const dialog = await openPopup(page);
  await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));
  const email = dialog.getByLabel('Email');
  await email.fill('not an address');
  await dialog.getByRole('button', { name: 'Subscribe' }).click();
  await expect(dialog.getByRole('status')).toHaveText('Enter a valid email address, like name@example.com');
  await expect(email).toHaveAttribute('aria-invalid', 'true');

  await email.fill(`popup-${Math.random().toString(36).slice(2, 8)}@example.com`);
  await dialog.getByRole('button', { name: 'Subscribe' }).click();
  await expect(dialog.getByRole('status')).toContainText('Check your inbox');
  // Only the answer and Close are left: the form has done its job.
  await expect(email).toBeHidden();
  await expect(dialog.getByRole('button', { name: 'Subscribe' })).toBeHidden();
  await expect(dialog.getByRole('button', { name: 'Close' })).toBeFocused();
  expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1);
  expect((await context.cookies()).find((c) => c.name === 'masthead_subscriber')?.value).toBe('1');
  await dialog.getByRole('button', { name: 'Close' }).click();

  await context.clearCookies({ name: 'masthead_popup_dismissed' });
  await page.evaluate(() => localStorage.clear());
  await expect(await newVisit(context)).toBeHidden();
});

test('a subscriber never sees it', async ({ page, context, baseURL }) => {
  await context.addCookies([{ name: 'masthead_subscriber', value: '1', url: baseURL! }]);
  const dialog = await visit(page);
  await page.clock.runFor(60_000);
  await expect(dialog).toBeHidden();
});

for (const query of ['?utm_source=newsletter&utm_medium=email', '?ref=newsletter']) {
  test(`a reader arriving from the newsletter (${query}) is not asked, and the link is left as it was`, async ({ page }) => {
    const dialog = await visit(page, query);
    await page.clock.runFor(60_000);
    await expect(dialog).toBeHidden();
    expect(new URL(page.url()).search).toBe(query);
  });
}

test.describe('on a small screen', () => {
  test.use({ viewport: { width: 375, height: 740 } });

  test('it is a bottom sheet, not a full-screen interstitial', async ({ page }) => {
    await page.emulateMedia({ reducedMotion: 'reduce' }); // measure where it rests, not mid slide-in
    const box = (await (await openPopup(page)).boundingBox())!;
    expect(box.width).toBe(await page.evaluate(() => document.documentElement.clientWidth));
    expect(Math.round(box.y + box.height)).toBe(740);
    expect(box.height).toBeLessThan(740 * 0.7);
  });
});

test('it appears without animation when the reader prefers reduced motion', async ({ page, context }) => {
  const animationOf = async (p: Page) => (await openPopup(p)).evaluate((d) => getComputedStyle(d).animationName);
  expect(await animationOf(page)).not.toBe('none');
  const reduced = await context.newPage();
  await reduced.emulateMedia({ reducedMotion: 'reduce' });
  expect(await animationOf(reduced)).toBe('none');
});

for (const colorScheme of ['light', 'dark'] as const) {
  test(`the open popup has no WCAG A/AA violations (${colorScheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme, reducedMotion: 'reduce' }); // no fade-in under the contrast check
    await openPopup(page);
    const results = await new AxeBuilder({ page }).include('[data-popup]').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  });
}

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the popup never appears and the article reads as usual', async ({ page }) => {
    await page.goto(`/${SLUG}`);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await expect(page.locator('[data-popup]')).toBeHidden();
  });
});
