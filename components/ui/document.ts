import { html, jsonForScript, raw, type Html } from '@/lib/html/html';
import { accentTint, parseHex, toHex } from '@/lib/content/contrast';
import { commentFeedTitle, type CommentFeedScope } from '@/lib/feeds/comment-atom';
import { siteCss } from './styles';
import { renderSiteFooter, renderSiteHeader, type SiteInfo } from './chrome';

export type DocumentProps = {
  site: SiteInfo;
  /** The page's own title; the site title is appended unless this is the home page. */
  title: string;
  description: string;
  /** Absolute canonical URL. */
  canonical: string;
  /** Extra <head> tags (OpenGraph, article meta). */
  head?: Html;
  jsonLd?: unknown;
  main: Html;
};

/** A complete HTML page with the site's header, footer and inline stylesheet. No client JavaScript. */
export function renderDocument(props: DocumentProps): string {
  const { site } = props;
  return `<!doctype html>${html`<html lang="${site.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${props.title}</title>
<meta name="description" content="${props.description}">
<link rel="canonical" href="${props.canonical}">
<link rel="alternate" type="application/rss+xml" title="${site.title} (RSS)" href="${site.url}/feed.xml">
<link rel="alternate" type="application/atom+xml" title="${site.title} (Atom)" href="${site.url}/atom.xml">
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<meta name="theme-color" content="#fdfcf9" media="(prefers-color-scheme: light)">
<meta name="theme-color" content="#141518" media="(prefers-color-scheme: dark)">
${props.head}
${props.jsonLd ? html`<script type="application/ld+json">${jsonForScript(props.jsonLd)}</script>` : ''}
<style>${raw(siteCss)}${raw(accentCss(site.accent))}</style>
</head>
<body>
<a class="skip-link" href="#main">Skip to content</a>
${renderSiteHeader(site)}
<main id="main" class="wrap" tabindex="-1">
${props.main}
</main>
${renderSiteFooter(site)}
</body>
</html>
`}`;
}

/** The author's accent (site.yml), over the stylesheet's: links, buttons and the author-reply tint, light and dark. */
function accentCss(accent: SiteInfo['accent']): string {
  if (!accent) return '';
  // Both colours passed the site.yml check as #rrggbb: nothing else reaches the stylesheet.
  const tint = (hex: string, scheme: 'light' | 'dark') => toHex(accentTint(parseHex(hex), scheme).map(Math.round) as [number, number, number]);
  return `:root{--accent:${accent.light};--accent-bg:${tint(accent.light, 'light')}}@media (prefers-color-scheme:dark){:root{--accent:${accent.dark};--accent-bg:${tint(accent.dark, 'dark')}}}`;
}

/** OpenGraph and Twitter card tags shared by every page. */
export function renderSocialMeta(p: {
  site: SiteInfo;
  type: 'website' | 'article';
  title: string;
  description: string;
  url: string;
  image: string;
}): Html {
  return html`<meta property="og:site_name" content="${p.site.title}">
<meta property="og:type" content="${p.type}">
<meta property="og:title" content="${p.title}">
<meta property="og:description" content="${p.description}">
<meta property="og:url" content="${p.url}">
<meta property="og:image" content="${p.image}">
<meta property="og:image:width" content="1200">
<meta property="og:image:height" content="630">
<meta name="twitter:card" content="summary_large_image">
<meta name="twitter:title" content="${p.title}">
<meta name="twitter:description" content="${p.description}">
<meta name="twitter:image" content="${p.image}">`;
}

/** The head link to a comment feed: one issue's (`scope`), or the whole site's (null). */
export function renderCommentFeedLink(site: SiteInfo, scope: CommentFeedScope): Html {
  const href = scope ? `${site.url}/${scope.slug}/comments.xml` : `${site.url}/comments.xml`;
  return html`<link rel="alternate" type="application/atom+xml" title="${commentFeedTitle(site, scope)}" href="${href}">`;
}
