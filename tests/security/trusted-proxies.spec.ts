import { expect, test } from '@playwright/test';
import type { Server } from '../../bench/server';
import { startDefaultServer } from './support/server';

// X-Forwarded-For and X-Request-Id are believed only from a socket peer listed in TRUST_PROXY.
// By default nobody is; and a client that reaches the app directly, around the proxy, is the
// client whatever headers it writes.
const wrongPassword = (server: Server, forwardedFor: string) =>
  fetch(`${server.url}/admin/sign-in`, {
    method: 'POST',
    headers: { 'x-forwarded-for': forwardedFor, 'x-real-ip': forwardedFor },
    body: new URLSearchParams({ password: 'not the password' }),
    redirect: 'manual',
  }).then(async (res) => (await res.arrayBuffer(), res.status));

test.describe('a client that reaches the app directly, not through the proxy named in TRUST_PROXY', () => {
  let server: Server;
  test.beforeAll(async () => {
    // The proxy is on another host; this test talks to the app from 127.0.0.1, around it.
    server = await startDefaultServer('direct', { TRUST_PROXY: '192.0.2.10' });
  });
  test.afterAll(async () => {
    await server?.kill('SIGTERM');
  });

  test('60 wrong passwords from forged X-Forwarded-For addresses are one client: 429 after the limit', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 60; i++) statuses.push(await wrongPassword(server, `10.${i}.0.1`));
    // Sign-in allows 10 attempts per 15 minutes per address.
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.slice(10)).toEqual(Array(50).fill(429));
  });

  test('a request id sent by a client is replaced', async () => {
    const res = await fetch(`${server.url}/api/health`, { headers: { 'x-request-id': 'forged-1234' } });
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

test.describe('behind a proxy on this machine (TRUST_PROXY=loopback)', () => {
  let server: Server;
  test.beforeAll(async () => {
    server = await startDefaultServer('proxied', { TRUST_PROXY: 'loopback' });
  });
  test.afterAll(async () => {
    await server?.kill('SIGTERM');
  });

  test('the forwarded clients are told apart, and one cannot shake off its limit by writing the header itself', async () => {
    const first: number[] = [];
    // As nginx presents them: whatever the client wrote, then the address nginx saw.
    for (let i = 0; i < 12; i++) first.push(await wrongPassword(server, `6.6.6.${i}, 198.51.100.1`));
    expect(first.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(first.slice(10)).toEqual([429, 429]);
    expect(await wrongPassword(server, '198.51.100.2')).toBe(401);
  });

  test("the proxy's request id is kept", async () => {
    const res = await fetch(`${server.url}/api/health`, { headers: { 'x-request-id': 'nginx-5f1c.2' } });
    expect(res.headers.get('x-request-id')).toBe('nginx-5f1c.2');
  });
});
