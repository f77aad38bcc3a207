/**
 * Responsive images, the pure part: which widths and formats a local raster image is offered in,
 * the addresses of those variants, and reading an address back. Served by lib/content/images.ts,
 * made by lib/content/image-variants.ts.
 *
 * A variant's address names its source, its width, a short hash of the source's bytes and its
 * format: `/images/<slug>/chart.png@800.1a2b3c4d5e.avif`. The hash lets a browser keep it for a year
 * (`immutable`): a replaced image is a new address.
 */

/** Images worth converting: photographs and screenshots. SVG stays as it is; GIF may be animated. */
const RASTER = /\.(?:png|jpe?g|webp)$/i;

export const VARIANT_FORMATS = ['avif', 'webp'] as const;
export type VariantFormat = (typeof VARIANT_FORMATS)[number];

/** Widths offered, in pixels; never wider than the image itself. 1,600 covers the column at 2.5×. */
const STEPS = [480, 800, 1200, 1600] as const;
const MAX_WIDTH = 1600;

/** The column an issue's images fill (components/ui styles: `--measure` 38rem, 1.25rem padding each side). */
export const ARTICLE_IMAGE_SIZES = '(min-width: 40.5rem) 38rem, calc(100vw - 2.5rem)';

export type VariantSource = { width: number; height: number; digest: string };

export function isRaster(src: string): boolean {
  return RASTER.test(src);
}

/** The widths an image of this width is offered in, smallest first. */
export function variantWidths(width: number): number[] {
  if (!Number.isInteger(width) || width < 1) return [];
  const widths: number[] = STEPS.filter((w) => w < Math.min(width, MAX_WIDTH));
  widths.push(Math.min(width, MAX_WIDTH));
  return widths;
}

/** The part of a content hash an address carries. */
export function shortDigest(digest: string): string {
  return digest.slice(0, 10);
}

export function variantUrl(src: string, width: number, format: VariantFormat, digest: string): string {
  return `${src}@${width}.${shortDigest(digest)}.${format}`;
}

/** `srcset` for one format: every width the image is offered in. */
export function variantSrcset(src: string, source: VariantSource, format: VariantFormat): string {
  return variantWidths(source.width)
    .map((w) => `${variantUrl(src, w, format, source.digest)} ${w}w`)
    .join(', ');
}

export type VariantRequest = { src: string; width: number; hash: string; format: VariantFormat };

const VARIANT_TAIL = /^([1-9]\d{0,4})\.([0-9a-f]{10})\.(avif|webp)$/i;

/** Reads a variant address back (null when it is not one); the width is checked against the source later. */
export function parseVariantUrl(src: string): VariantRequest | null {
  // Split at the last `@` rather than one pattern over the whole address: no backtracking on a long one.
  const at = src.lastIndexOf('@');
  if (at < 0) return null;
  const base = src.slice(0, at);
  const m = VARIANT_TAIL.exec(src.slice(at + 1));
  if (!m || !isRaster(base)) return null;
  return { src: base, width: Number(m[1]), hash: m[2]!.toLowerCase(), format: m[3]!.toLowerCase() as VariantFormat };
}

/** Whether a request names a width this source is really offered in (anything else would let a stranger make us resize at will). */
export function isOfferedWidth(source: VariantSource, width: number): boolean {
  return variantWidths(source.width).includes(width);
}

/** The height of a variant of this width, keeping the aspect ratio (what sharp's resize gives). */
export function variantHeight(source: VariantSource, width: number): number {
  return Math.max(1, Math.round((source.height * width) / source.width));
}
