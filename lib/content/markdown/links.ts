import type { Root } from 'hast';
import { visit } from 'unist-util-visit';

/** True for an absolute http(s) URL that points away from the site. */
export function isExternalUrl(href: string, siteUrl: string): boolean {
  if (!/^https?:\/\//i.test(href)) return false;
  try {
    return new URL(href).host !== new URL(siteUrl).host;
  } catch {
    return true;
  }
}

/**
 * External links get `rel="noopener"`. With `absoluteBase` (feeds, email),
 * site-relative links and images become absolute, and in-page fragments
 * point at the page.
 */
export function rehypeLinks(options: { siteUrl: string; absoluteBase?: string | undefined }) {
  return (tree: Root) => {
    visit(tree, 'element', (node) => {
      const href = node.properties.href;
      if (node.tagName === 'a' && typeof href === 'string') {
        if (isExternalUrl(href, options.siteUrl)) node.properties.rel = ['noopener'];
        if (options.absoluteBase) node.properties.href = absolutize(href, options.siteUrl, options.absoluteBase);
      }
      const src = node.properties.src;
      if (node.tagName === 'img' && typeof src === 'string' && options.absoluteBase) {
        node.properties.src = absolutize(src, options.siteUrl, options.absoluteBase);
      }
    });
  };
}

/** A site-relative URL made absolute, an in-page fragment pointed at `pageUrl`; anything else as it is. */
export function absolutize(url: string, siteUrl: string, pageUrl: string): string {
  if (url.startsWith('#')) return pageUrl + url;
  if (url.startsWith('/') && !url.startsWith('//')) return siteUrl + url;
  return url;
}
