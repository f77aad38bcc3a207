import type { Root } from 'hast';
import { visit } from 'unist-util-visit';

export type ImageSize = { width: number; height: number };
export type MeasureImage = (src: string) => ImageSize | null;

/**
 * Local images get their intrinsic width and height (so nothing shifts while
 * they load) and every image after the first loads lazily.
 */
export function rehypeImages(options: { measure: MeasureImage; eagerFirst: boolean }) {
  return (tree: Root) => {
    let seen = 0;
    visit(tree, 'element', (node) => {
      if (node.tagName !== 'img') return;
      const src = node.properties.src;
      if (typeof src === 'string' && src.startsWith('/') && !src.startsWith('//')) {
        const size = options.measure(src);
        if (size) {
          node.properties.width = size.width;
          node.properties.height = size.height;
        }
      }
      node.properties.decoding = 'async';
      if (seen > 0 || !options.eagerFirst) node.properties.loading = 'lazy';
      seen++;
    });
  };
}
