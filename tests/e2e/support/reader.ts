import { expect, type Locator, type TestInfo } from '@playwright/test';

// Each test is a reader of its own: the server sees the browser (127.0.0.1) as the proxy in front
// and the address it forwards as the reader's, so every rate limit stays at its default while no
// two tests share an allowance. The addresses are IPv6 documentation ones (2001:db8::/32), one a
// test, distinct across workers too.
let readers = 0;

export function readerAddress(testInfo: TestInfo): string {
  return `2001:db8::${testInfo.workerIndex.toString(16)}:${(++readers).toString(16)}`;
}

/** `test.use(asOwnReader)`: every test in the file posts from an address of its own. */
export const asOwnReader = {
  extraHTTPHeaders: async ({}, use: (headers: Record<string, string>) => Promise<void>, testInfo: TestInfo) => {
    await use({ 'X-Forwarded-For': readerAddress(testInfo) });
  },
};

/** The server's minimum time between a reader getting a form and posting it (COMMENTS_MIN_SECONDS, default 3). */
export const MIN_SECONDS = 3;

/** What a form token says about itself: its kind and when it was minted (the signed payload is base64url JSON). */
export function readToken(token: string): { kind?: string; t: number } {
  return JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8'));
}

/** How long ago a reader token was minted, in ms; -1 for the prerendered page's shared token. */
export function tokenAge(token: string): number {
  const { kind, t } = readToken(token);
  return kind === 'reader' ? Date.now() - t : -1;
}

/**
 * Waits as a person taking a moment would: until the form holds a token of this reader's own (the
 * script fetches one; a page from the server carries one) that is old enough to post with.
 */
export async function waitUntilPostable(form: Locator): Promise<void> {
  await expect
    .poll(async () => tokenAge(await form.locator('input[name=formToken]').inputValue()), { timeout: 15_000, intervals: [200] })
    .toBeGreaterThanOrEqual(MIN_SECONDS * 1000 + 100);
}
