// Hostile requests for image variants: a stranger must not make the server resize at will, read
// outside the content, or get anything but a 404 (or a redirect to the current variant) for an
// address the page does not name.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Server } from '../../bench/server';
import { FIGURES, pictureSources, startFiguresServer, FIGURES_SLUG } from '../support/figures';

let server: Server;
beforeAll(async () => {
  ({ server } = await startFiguresServer('security'));
}, 600_000);
afterAll(async () => {
  await server?.kill('SIGTERM');
});

const get = (p: string) => fetch(`${server.url}${p}`, { redirect: 'manual' });
const chart = FIGURES[0]!;

describe('image variant addresses', () => {
  it('answers 404 for widths the page does not offer, without making anything', async () => {
    const html = await (await get(`/${FIGURES_SLUG}`)).text();
    const hash = /@480\.([0-9a-f]{10})\.avif/.exec(html)![1]!;
    for (const width of [1, 481, 799, 2000, 3200, 99999]) {
      const started = performance.now();
      const res = await get(`${chart}@${width}.${hash}.avif`);
      expect(res.status, String(width)).toBe(404);
      expect(res.headers.get('cache-control')).toBe('private, no-store');
      // Refused before any encoding: a fraction of a 1600 px AVIF's time.
      expect(performance.now() - started).toBeLessThan(2_000);
    }
  });

  it('sends an address with a stale hash (a page cached before the image changed) to the current variant, uncached', async () => {
    const html = await (await get(`/${FIGURES_SLUG}`)).text();
    const current = pictureSources(html)[0]!.candidates[0]!.url;
    const res = await get(`${chart}@480.0000000000.avif`);
    expect(res.status).toBe(307);
    expect(res.headers.get('location')).toBe(current);
    expect(res.headers.get('cache-control')).toBe('private, no-store');
  });

  it('offers no variants of SVGs, missing files, or files outside the content', async () => {
    for (const p of [
      `/images/${FIGURES_SLUG}/nowhere.png@480.0123456789.avif`,
      `/images/${FIGURES_SLUG}/..%2F..%2Fpackage.json@480.0123456789.webp`,
      `/images/../package.png@480.0123456789.webp`,
      `/images/%2e%2e/a-picture-essay.md@480.0123456789.webp`,
      `/images/${FIGURES_SLUG}/deploys-chart.png%00@480.0123456789.webp`,
      `/images/${FIGURES_SLUG}/deploys-chart.png@480.0123456789.avif%0d%0aset-cookie:%20a=b`,
      `/images/${FIGURES_SLUG}/deploys-chart.png@٤٨٠.0123456789.avif`,
      `/images/${FIGURES_SLUG}/deploys-chart.png@480.0123456789.AVIF.png`,
    ]) {
      const res = await get(p);
      expect(res.status, p).toBe(404);
      expect(res.headers.get('set-cookie'), p).toBeNull();
    }
  });

  it('answers a very long address of many @ parts quickly', async () => {
    const started = performance.now();
    const res = await get(`/images/${'x.png@1.'.repeat(700)}webp`);
    expect([404, 414, 431]).toContain(res.status);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it("answers twenty readers asking for a new variant at the same moment, each with the same image", async () => {
    const html = await (await get(`/${FIGURES_SLUG}`)).text();
    const url = pictureSources(html)[3]!.candidates.at(-1)!.url;
    const answers = await Promise.all(Array.from({ length: 20 }, () => get(url).then(async (r) => ({ status: r.status, size: (await r.arrayBuffer()).byteLength }))));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(new Set(answers.map((a) => a.size)).size).toBe(1);
  }, 60_000);
});
