/**
 * Issue 10 point 1 against the production server with its default comment settings: while the
 * 8 KB comment of `[a](` × 2,000 is posted (it took 40 s and held /api/health for 39.6 s), the
 * health endpoint keeps answering at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type Server } from '../../bench/server';
import { fixtureSiteEnv } from '../support/fixture-site';
import { APP_SECRET, sleep } from './support';

const SLUG = 'the-pilot-boat'; // the fixture newsletter's (tests/fixtures/site)
let server: Server;

beforeAll(async () => {
  // Defaults for every comment guard: minimum time, rate limit, moderation.
  server = await startServer('hostile-comment', { APP_SECRET, ...fixtureSiteEnv() });
});
afterAll(() => server?.kill('SIGTERM'));

/** The form as a reader's browser sends it, from the discussion page it rendered. */
async function readerForm(body: string): Promise<URLSearchParams> {
  const page = await (await fetch(`${server.url}/${SLUG}/comments`)).text();
  const token = /name="formToken" value="([^"]+)"/.exec(page)?.[1];
  expect(token, 'the discussion page has a comment form').toBeDefined();
  // A person takes longer than the default minimum of 3 seconds to write a comment.
  await sleep(3_500);
  return new URLSearchParams({ slug: SLUG, body, name: 'Ada', formToken: token! });
}

describe('a hostile comment against the real server', () => {
  it('posts `[a](` × 2,000 while /api/health keeps answering at once', async () => {
    const form = await readerForm('[a]('.repeat(2_000));
    const started = Date.now();
    let posting = true;
    const post = fetch(`${server.url}/api/comments`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', origin: server.url }, body: form,
    }).finally(() => (posting = false));
    const healthTimes: number[] = [];
    do {
      const t = Date.now();
      expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
      healthTimes.push(Date.now() - t);
      await sleep(20);
    } while (posting && Date.now() - started < 30_000);
    const response = await post;
    expect(response.status, await response.clone().text()).toBe(201);
    // Before the fix: 40 s to post, and health waited 39.6 s behind it. The bounds leave room for
    // a machine shared with other work, where one request can wait a second for a core.
    const sorted = [...healthTimes].sort((a, b) => a - b);
    const figures = `post ${Date.now() - started} ms; health ${sorted.length} checks, median ${sorted[sorted.length >> 1]} ms, max ${sorted.at(-1)} ms`;
    expect(Date.now() - started, figures).toBeLessThan(5_000);
    expect(sorted.at(-1), figures).toBeLessThan(3_000);
    expect(sorted[sorted.length >> 1], figures).toBeLessThan(500);
  });
});
