// Responsive images through the production server: an issue's PNG figures are offered as AVIF and
// WebP in a few widths (<picture>, srcset, sizes), each variant is a real image of that width and
// format, smaller than the PNG, kept a year by browsers, made ahead of readers, and the feed keeps
// the original file.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Server } from '../../bench/server';
import { FIGURES, FIGURES_SLUG, pictureSources, startFiguresServer } from '../support/figures';

let server: Server;
let store: string;


beforeAll(async () => {
  ({ server, store } = await startFiguresServer('integration'));
}, 600_000);
afterAll(async () => {
  await server?.kill('SIGTERM');
});

const get = (p: string, headers: Record<string, string> = {}) => fetch(`${server.url}${p}`, { headers, redirect: 'manual' });

describe('an issue with PNG figures', () => {
  it('offers each figure as AVIF and WebP in widths up to its own, keeping the PNG with its size as the fallback', async () => {
    const html = await (await get(`/${FIGURES_SLUG}`)).text();
    expect(html.match(/<picture>/g)).toHaveLength(2);
    const sources = pictureSources(html);
    expect(sources.map((s) => s.type)).toEqual(['image/avif', 'image/webp', 'image/avif', 'image/webp']);
    // 1600 px wide chart: four widths; 960 px photograph: 480, 800 and 960.
    expect(sources[0]!.candidates.map((c) => c.width)).toEqual([480, 800, 1200, 1600]);
    expect(sources[2]!.candidates.map((c) => c.width)).toEqual([480, 800, 960]);
    expect(html).toContain(`<img src="${FIGURES[0]}" alt="A bar chart of deploys per week from 2019 to 2024, rising in steps each quarter" width="1600" height="1000" decoding="async" fetchpriority="high">`);
    expect(html).toContain(`<img src="${FIGURES[1]}" alt="A blurred photograph of a server room in blue and green light" width="960" height="640" decoding="async" loading="lazy">`);
    expect(html).toContain('sizes="(min-width: 40.5rem) 38rem, calc(100vw - 2.5rem)"');
  });

  it('serves every variant the page names: that format, that width, smaller than the PNG, immutable', async () => {
    const html = await (await get(`/${FIGURES_SLUG}`)).text();
    for (const [i, source] of pictureSources(html).entries()) {
      const png = await (await get(FIGURES[Math.floor(i / 2)]!)).arrayBuffer();
      for (const { url, width } of source.candidates) {
        const res = await get(url);
        expect(res.status, url).toBe(200);
        expect(res.headers.get('content-type')).toBe(source.type);
        expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
        const bytes = Buffer.from(await res.arrayBuffer());
        const meta = await sharp(bytes).metadata();
        expect(meta.width, url).toBe(width);
        expect(source.type === 'image/avif' ? meta.format === 'heif' && meta.compression === 'av1' : meta.format === 'webp', url).toBe(true);
        expect(bytes.length, url).toBeLessThan(png.byteLength);
      }
    }
  }, 120_000);

  it('answers 304 when the reader has the variant', async () => {
    const url = pictureSources(await (await get(`/${FIGURES_SLUG}`)).text())[0]!.candidates[1]!.url;
    const etag = (await get(url)).headers.get('etag')!;
    const again = await get(url, { 'if-none-match': etag });
    expect(again.status).toBe(304);
  });

  it('makes the variants ahead of readers, once, on disk beside the published versions', async () => {
    // Two figures: 4 + 3 widths, two formats each.
    const dir = path.join(store, 'images');
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && (!existsSync(dir) || readdirSync(dir).filter((f) => !f.endsWith('.tmp')).length < 14)) await new Promise((r) => setTimeout(r, 250));
    const files = readdirSync(dir).filter((f) => !f.endsWith('.tmp'));
    expect(files).toHaveLength(14);
    expect(files.every((f) => statSync(path.join(dir, f)).size > 0)).toBe(true);
  }, 70_000);

  it('leaves the original file in the feed, where readers may not take AVIF', async () => {
    const feed = await (await get('/feed.xml')).text();
    expect(feed).toContain(`${FIGURES[0]}`);
    expect(feed).not.toContain('srcset');
  });
});
