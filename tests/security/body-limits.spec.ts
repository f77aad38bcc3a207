import { expect, test } from '@playwright/test';
import type { Server } from '../../bench/server';
import { authorCookie, postChunked, rssMb, startDefaultServer, watchRss } from './support/server';

// Every body is read through one hard-capped reader whatever the framing: a chunked upload (no
// Content-Length) far over the cap is answered 413 once the cap is passed, the rest is not read,
// nothing is stored, and the server's memory stays where it was.
const HUNDRED_MB = 100 * 1024 * 1024;
let server: Server;

test.describe.configure({ mode: 'serial' });
test.beforeAll(async () => {
  server = await startDefaultServer('bodies');
});
test.afterAll(async () => {
  await server?.kill('SIGTERM');
});

test('a chunked 100 MB CSV import is refused with 413, stores nothing, and the server stays small', async () => {
  test.setTimeout(90_000);
  const cookie = await authorCookie(server.url);
  const first = `body-limit-${Date.now()}@example.com`;
  const boundary = 'masthead-boundary';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="list.csv"\r\nContent-Type: text/csv\r\n\r\nemail\n${first}\n`;
  const before = rssMb(server.child.pid!);
  const memory = watchRss(server.child.pid!);
  const answer = await postChunked(server.url, '/admin/newsletter/import', { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` }, head, 'reader@example.com\n', HUNDRED_MB);
  const peak = memory.stop();
  console.log(`import: ${answer.status} after ${(answer.sentBytes / 1e6).toFixed(1)} MB sent; RSS ${before.toFixed(0)} → peak ${peak.toFixed(0)} MB`);
  expect(answer.status).toBe(413);
  expect(answer.body).toContain('CSV files up to 20 MB can be imported.');
  expect(answer.sentBytes).toBeLessThan(HUNDRED_MB); // answered before the upload ended
  expect(peak - before).toBeLessThan(120);
  const stored = async (email: string) => (await (await fetch(`${server.url}/admin/newsletter?q=${encodeURIComponent(email)}`, { headers: { cookie } })).text()).includes(`<td>${email}</td>`);
  expect(await stored(first)).toBe(false);
  // The same upload within the cap, chunked too, is imported.
  const small = `body-limit-small-${Date.now()}@example.com`;
  const closed = `${head.replace(first, small)}\r\n--${boundary}--\r\n`;
  const imported = await postChunked(server.url, '/admin/newsletter/import', { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` }, closed, ' ', 0);
  expect(imported.status).toBe(200);
  expect(await stored(small)).toBe(true);
  // The server is still there for everyone else.
  expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
});

for (const [path, type, head, filler] of [
  ['/api/comments', 'application/json', '{"slug":"the-harbour-wall","body":"', 'a'.repeat(64)],
  ['/api/subscribe', 'application/x-www-form-urlencoded', 'source=footer&email=', 'a'.repeat(64)],
  ['/admin/sign-in', 'application/x-www-form-urlencoded', 'password=', 'a'.repeat(64)],
] as const) {
  test(`a chunked 100 MB ${type} body to ${path} is refused with 413 and the server stays small`, async () => {
    test.setTimeout(60_000);
    const before = rssMb(server.child.pid!);
    const memory = watchRss(server.child.pid!);
    const answer = await postChunked(server.url, path, { 'content-type': type, accept: path.startsWith('/api/') ? 'application/json' : 'text/html' }, head, filler, HUNDRED_MB);
    expect(answer.status).toBe(413);
    expect(answer.sentBytes).toBeLessThan(HUNDRED_MB);
    const peak = memory.stop();
    console.log(`${path}: ${answer.status} after ${(answer.sentBytes / 1e6).toFixed(1)} MB sent; RSS ${before.toFixed(0)} → peak ${peak.toFixed(0)} MB`);
    expect(peak - before).toBeLessThan(60);
  });
}
