import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';
import { element } from './hast';
import { ARTICLE_IMAGE_SIZES, isRaster, variantSrcset, VARIANT_FORMATS, type VariantSource } from './responsive';

export type ImageSize = { width: number; height: number };
export type MeasureImage = (src: string) => ImageSize | null;
/** A local raster image's size and content hash, for its AVIF and WebP variants (null: offer none). */
export type DescribeImage = (src: string) => VariantSource | null;

/**
 * Local images get their intrinsic width and height (so nothing shifts while they load) and every
 * image after the first loads lazily. With `describe` (the issue page, not feeds or email), the
 * first one is fetched with high priority and a local PNG or JPEG becomes a `<picture>` offering AVIF and WebP in a few widths, the original as fallback.
 */
export function rehypeImages(options: { measure: MeasureImage; eagerFirst: boolean; describe?: DescribeImage | undefined }) {
  return (tree: Root) => {
    let seen = 0;
    visit(tree, 'element', (node, index, parent) => {
      if (node.tagName !== 'img') return;
      const src = node.properties.src;
      const local = typeof src === 'string' && src.startsWith('/') && !src.startsWith('//') ? src : null;
      if (local) {
        const size = options.measure(local);
        if (size) {
          node.properties.width = size.width;
          node.properties.height = size.height;
        }
      }
      node.properties.decoding = 'async';
      if (seen > 0 || !options.eagerFirst) node.properties.loading = 'lazy';
      // On the page, the first image is often the largest thing a reader sees first: fetch it early.
      else if (options.describe) node.properties.fetchPriority = 'high';
      seen++;
      const source = local && isRaster(local) && options.describe ? options.describe(local) : null;
      if (source && parent && index !== undefined && !(parent.type === 'element' && parent.tagName === 'picture')) {
        parent.children[index] = picture(local!, source, node);
      }
    });
  };
}

function picture(src: string, source: VariantSource, img: Element): Element {
  const sources = VARIANT_FORMATS.map((format) =>
    element('source', { type: `image/${format}`, srcSet: variantSrcset(src, source, format), sizes: ARTICLE_IMAGE_SIZES }, []),
  );
  return element('picture', {}, [...sources, img]);
}
