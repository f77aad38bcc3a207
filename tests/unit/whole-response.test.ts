// scripts/whole-response.mjs on a real Node HTTP server and socket: an answer written as Next writes
// it (headers flushed first, then chunks) leaves in one piece at its end, so a process that dies
// before the end has sent nothing; an answer past the limit streams from there on.
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { sendWhole } from '../../scripts/whole-response.mjs';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => (s.closeAllConnections(), s.close(r)))));
  servers = [];
});

/** A server whose handler writes as Next does: flushHeaders, then `chunks` 30 ms apart, then end. */
async function serve(chunks: string[], limit?: number): Promise<number> {
  const server = http.createServer(async (req, res) => {
    sendWhole(res, limit);
    res.writeHead(200, { 'content-type': 'text/html' });
    res.flushHeaders();
    for (const chunk of chunks) {
      expect(res.write(chunk)).toBe(true);
      await sleep(30);
    }
    res.end('</html>');
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
}

/** A raw GET: every moment bytes arrived (ms after sending), and everything that came. */
function rawGet(port: number): Promise<{ arrivals: number[]; text: string }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const arrivals: number[] = [];
    let text = '';
    const socket = net.connect(port, '127.0.0.1', () => socket.write('GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'));
    socket.on('data', (d) => {
      arrivals.push(Date.now() - started);
      text += d.toString();
    });
    socket.on('end', () => resolve({ arrivals, text }));
    socket.on('error', reject);
  });
}

describe('sendWhole', () => {
  it('holds the flushed headers and every chunk until the end, then sends them at once', async () => {
    const port = await serve(['<html>', '<p>one</p>', '<p>two</p>']);
    const { arrivals, text } = await rawGet(port);
    expect(text).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(text).toContain('content-type: text/html');
    // The chunked body decodes to what was written, in order.
    expect(text.split('\r\n\r\n').slice(1).join('\r\n\r\n').replace(/\r\n[0-9a-f]+\r\n/g, '').replace(/^[0-9a-f]+\r\n/, '')).toContain('<html><p>one</p><p>two</p></html>');
    // Nothing left before the handler ended (3 × 30 ms), and all of it came in one piece.
    expect(arrivals[0]).toBeGreaterThanOrEqual(80);
    expect(arrivals).toHaveLength(1);
  });

  it('streams an answer that grows past the limit, from there on', async () => {
    const big = 'x'.repeat(2048);
    const port = await serve([big, big, big], 3000);
    const { arrivals, text } = await rawGet(port);
    expect(text.match(/x{64,}/g)!.join('').length).toBe(3 * 2048);
    // The first two chunks (past 3,000 bytes) left before the end.
    expect(arrivals[0]).toBeLessThan(80);
    expect(arrivals.length).toBeGreaterThan(1);
  });
});
