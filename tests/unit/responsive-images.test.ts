import { describe, expect, it } from 'vitest';
import { renderMarkdown, type RenderOptions } from '@/lib/content/markdown/render';
import { isOfferedWidth, parseVariantUrl, variantHeight, variantSrcset, variantUrl, variantWidths } from '@/lib/content/markdown/responsive';
import { cachePolicy, IMMUTABLE_CACHE_CONTROL, SHARED_CACHE_CONTROL } from '../../scripts/response-policy.mjs';

const DIGEST = 'ab12cd34ef'.repeat(6) + 'abcd';
const chart = { width: 1600, height: 900, digest: DIGEST };
const options: RenderOptions = {
  siteUrl: 'https://example.com',
  measure: (src) => (src.startsWith('/images/') ? { width: 1600, height: 900 } : null),
  describe: (src) => (src.startsWith('/images/') ? chart : null),
};

describe('variant widths', () => {
  it('offers the steps below the image width and the width itself, never enlarging', () => {
    expect(variantWidths(1600)).toEqual([480, 800, 1200, 1600]);
    expect(variantWidths(1000)).toEqual([480, 800, 1000]);
    expect(variantWidths(300)).toEqual([300]);
    expect(variantWidths(4000)).toEqual([480, 800, 1200, 1600]);
    expect(variantWidths(0)).toEqual([]);
    expect(variantWidths(Number.NaN)).toEqual([]);
  });

  it('keeps the aspect ratio', () => {
    expect(variantHeight(chart, 800)).toBe(450);
    expect(variantHeight({ width: 3, height: 1, digest: DIGEST }, 1)).toBe(1);
  });

  it('accepts only the widths a page offers', () => {
    expect(isOfferedWidth(chart, 800)).toBe(true);
    expect(isOfferedWidth(chart, 801)).toBe(false);
    expect(isOfferedWidth({ width: 1000, height: 500, digest: DIGEST }, 1200)).toBe(false);
  });
});

describe('variant addresses', () => {
  it('round-trips an address', () => {
    const url = variantUrl('/images/x/chart.png', 800, 'avif', DIGEST);
    expect(url).toBe('/images/x/chart.png@800.ab12cd34ef.avif');
    expect(parseVariantUrl(url)).toEqual({ src: '/images/x/chart.png', width: 800, hash: 'ab12cd34ef', format: 'avif' });
  });

  it('reads nothing else as a variant', () => {
    for (const src of [
      '/images/x/chart.png', '/images/x/chart.svg@800.ab12cd34ef.avif', '/images/x/chart.png@0800.ab12cd34ef.avif',
      '/images/x/chart.png@800.ab12cd34e.avif', '/images/x/chart.png@800.ab12cd34ef.png', '/images/x/chart.png@999999.ab12cd34ef.webp',
      '/images/x/chart.png@800.ab12cd34ef.avif\n', '/images/x/chart.png@８００.ab12cd34ef.avif',
    ]) {
      expect(parseVariantUrl(src), src).toBeNull();
    }
  });

  it('reads a long hostile address in linear time', () => {
    const hostile = `/images/${'a.png@1.'.repeat(20_000)}x`;
    const started = performance.now();
    expect(parseVariantUrl(hostile)).toBeNull();
    cachePolicy({ method: 'GET', pathname: hostile, status: 200, setsCookie: false });
    expect(performance.now() - started).toBeLessThan(200);
  });

  it('lists every width of one format in srcset', () => {
    expect(variantSrcset('/images/c.png', { width: 1000, height: 500, digest: DIGEST }, 'webp')).toBe(
      '/images/c.png@480.ab12cd34ef.webp 480w, /images/c.png@800.ab12cd34ef.webp 800w, /images/c.png@1000.ab12cd34ef.webp 1000w',
    );
  });

  it('lets browsers keep a variant a year, and only a variant', () => {
    const variant = cachePolicy({ method: 'GET', pathname: '/images/x/chart.png@800.ab12cd34ef.avif', status: 200, setsCookie: false });
    expect(variant).toEqual({ shared: true, cacheControl: IMMUTABLE_CACHE_CONTROL });
    expect(cachePolicy({ method: 'GET', pathname: '/images/x/chart.png', status: 200, setsCookie: false }).cacheControl).toBe(SHARED_CACHE_CONTROL);
    // The redirect from an old hash to the current one is not kept.
    expect(cachePolicy({ method: 'GET', pathname: '/images/x/chart.png@800.ab12cd34ef.avif', status: 307, setsCookie: false }).shared).toBe(false);
  });
});

describe('the page markup', () => {
  it('offers a local PNG as AVIF and WebP in a picture, keeping the img with its size, alt and lazy loading', () => {
    const { html } = renderMarkdown('First.\n\n![A chart](/images/x/chart.png)\n\n![Second](/images/x/photo.jpg)', options);
    expect(html).toContain(
      '<figure><picture><source type="image/avif" srcset="/images/x/chart.png@480.ab12cd34ef.avif 480w, /images/x/chart.png@800.ab12cd34ef.avif 800w, /images/x/chart.png@1200.ab12cd34ef.avif 1200w, /images/x/chart.png@1600.ab12cd34ef.avif 1600w" sizes="(min-width: 40.5rem) 38rem, calc(100vw - 2.5rem)">',
    );
    expect(html).toContain('<source type="image/webp" srcset="/images/x/chart.png@480.ab12cd34ef.webp 480w');
    expect(html).toContain('<img src="/images/x/chart.png" alt="A chart" width="1600" height="900" decoding="async" fetchpriority="high"></picture></figure>');
    expect(html).toContain('<img src="/images/x/photo.jpg" alt="Second" width="1600" height="900" decoding="async" loading="lazy"></picture>');
  });

  it('leaves SVG, GIF, remote images and feeds (no describe) as they are', () => {
    expect(renderMarkdown('![Diagram](/images/x/d.svg)', options).html).not.toContain('<picture>');
    expect(renderMarkdown('![Anim](/images/x/a.gif)', options).html).not.toContain('<picture>');
    expect(renderMarkdown('![Far](https://cdn.example.org/p.png)', options).html).not.toContain('<picture>');
    const { describe: _omit, ...feed } = options;
    expect(renderMarkdown('![A chart](/images/x/chart.png)', feed).html).not.toContain('<picture>');
  });

  it('offers nothing for an image it cannot describe', () => {
    expect(renderMarkdown('![Gone](/images/x/missing.png)', { ...options, describe: () => null }).html).not.toContain('<picture>');
  });
});
