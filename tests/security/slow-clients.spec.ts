import net from 'node:net';
import { expect, test } from '@playwright/test';
import type { Server } from '../../bench/server';
import { startDefaultServer } from './support/server';

// Slow clients (slowloris) are cut off by the server's deadlines with their defaults: the request
// line and headers within 10 s, the whole request within 30 s. A byte every 2 s keeps an idle
// timeout from ever firing, so only the deadlines can end them; a normal reader is served meanwhile.
const HEADERS_S = 10;
const REQUEST_S = 30;
const ISSUE = '/the-harbour-wall'; // the fixture newsletter's (startDefaultServer serves it)
let server: Server;

test.beforeAll(async () => {
  server = await startDefaultServer('slow');
});
test.afterAll(async () => {
  await server?.kill('SIGTERM');
});

/** A connection that sends `start` and then one byte every 2 s; resolves to the seconds it stayed open. */
function trickle(port: number, start: string, byte: string, giveUpS: number): Promise<number> {
  return new Promise((resolve) => {
    const opened = Date.now();
    const socket = net.connect(port, '127.0.0.1', () => socket.write(start));
    const timer = setInterval(() => socket.writable && socket.write(byte), 2_000);
    const done = () => {
      clearInterval(timer);
      clearTimeout(giveUp);
      socket.destroy();
      resolve((Date.now() - opened) / 1000);
    };
    const giveUp = setTimeout(done, giveUpS * 1000);
    socket.on('data', () => undefined);
    socket.on('close', done);
    socket.on('error', done);
  });
}

test('slowloris connections are cut off within the deadlines while a normal reader is served', async () => {
  test.setTimeout(90_000);
  const port = server.port;
  await (await fetch(`${server.url}${ISSUE}`)).arrayBuffer(); // warm: the first render is slower
  const slowHeaders = Array.from({ length: 20 }, () => trickle(port, 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ', 'a', 60));
  const slowBodies = Array.from({ length: 10 }, () =>
    trickle(port, 'POST /api/subscribe HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 2000\r\n\r\nemail=', 'a', 60),
  );
  await new Promise((r) => setTimeout(r, 3_000));
  const started = Date.now();
  const page = await fetch(`${server.url}${ISSUE}`);
  expect(page.status).toBe(200);
  // Served while the slow connections are still open (they last 10 s or more), not after them.
  expect(Date.now() - started).toBeLessThan(5_000);

  const headerTimes = await Promise.all(slowHeaders);
  const bodyTimes = await Promise.all(slowBodies);
  console.log(`slow headers open ${Math.min(...headerTimes).toFixed(1)}–${Math.max(...headerTimes).toFixed(1)} s; slow bodies ${Math.min(...bodyTimes).toFixed(1)}–${Math.max(...bodyTimes).toFixed(1)} s`);
  for (const t of headerTimes) expect(t).toBeLessThan(HEADERS_S + 3);
  for (const t of bodyTimes) expect(t).toBeLessThan(REQUEST_S + 3);
  expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
});
