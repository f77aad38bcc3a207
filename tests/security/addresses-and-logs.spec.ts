import { expect, test } from '@playwright/test';
import type { Server } from '../../bench/server';
import { startDefaultServer } from './support/server';

// Addresses that cannot be decoded get the site's 404 page with the usual headers (Next alone
// answered a bare 500 and logged an error), and the access log never writes a query's values.
let server: Server;
test.describe.configure({ mode: 'serial' });
test.beforeAll(async () => {
  server = await startDefaultServer('addresses', { LOG_LEVEL: 'info' });
});
test.afterAll(async () => {
  await server?.kill('SIGTERM');
});

const logLines = () => server.stdout().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);

const MALFORMED = ['/%ff', '/og/%ff', '/tags/%ff', '/api/discussions/%ff', '/%c0%af', '/tags/%e0%80%af', '/%00', '/admin/%00', `/${'%ff'.repeat(2000)}`, `/tags/${'a'.repeat(8000)}`];

for (const path of MALFORMED) {
  test(`${path.slice(0, 40)}${path.length > 40 ? '…' : ''} is a 404 page with the usual headers, logged without an error`, async () => {
    const res = await fetch(`${server.url}${path}`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(await res.text()).toContain('</html>');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    const id = res.headers.get('x-request-id');
    await expect.poll(() => logLines().some((l) => l.reqId === id && l.msg === 'request')).toBe(true);
    expect(logLines().filter((l) => l.reqId === id && l.level !== 'info')).toEqual([]);
  });
}

test('no line of the log is an error after all of them', async () => {
  expect(logLines().filter((l) => l.level === 'error' || l.level === 'fatal')).toEqual([]);
  expect(`${server.stdout()}${server.stderr()}`).not.toMatch(/URIError|Failed to decode|Error/);
});

test('tokens in a query string never reach the log', async () => {
  const paths = ['/admin/verify?token=SECRET-SIGN-IN', '/subscribe/confirm?token=SECRET-CONFIRM', '/unsubscribe?token=SECRET-UNSUBSCRIBE', '/comments/stop-replies?token=SECRET-STOP', '/admin/comments/email-action?token=SECRET-ACTION&do=approve'];
  const ids: string[] = [];
  for (const path of paths) {
    const res = await fetch(`${server.url}${path}`, { redirect: 'manual' });
    await res.arrayBuffer();
    ids.push(res.headers.get('x-request-id')!);
  }
  await expect.poll(() => logLines().filter((l) => ids.includes(String(l.reqId)) && l.msg === 'request').length).toBe(paths.length);
  expect(`${server.stdout()}${server.stderr()}`).not.toContain('SECRET');
  // The log still says which address and which parameters were asked for.
  expect(logLines().find((l) => l.reqId === ids[0] && l.msg === 'request')).toMatchObject({ path: '/admin/verify?token', status: 400 });
});
