import { describe, expect, it } from 'vitest';
import { renderMarkdown, type RenderOptions } from '@/lib/content/markdown/render';
import { splitLeadingEmoji } from '@/lib/content/markdown/callouts';

const options: RenderOptions = {
  siteUrl: 'https://example.com',
  measure: (src) => (src === '/images/chart.png' ? { width: 800, height: 450 } : null),
};
const render = (md: string, extra: Partial<RenderOptions> = {}) => renderMarkdown(md, { ...options, ...extra });

describe('callouts', () => {
  it('turns a blockquote starting with an emoji into an aside with a decorative icon', () => {
    const { html } = render('> 🏄 They are the bridge between **people** and machines.');
    expect(html).toBe(
      '<aside class="callout"><span class="callout-icon" aria-hidden="true">🏄</span><div class="callout-body"><p>They are the bridge between <strong>people</strong> and machines.</p></div></aside>',
    );
  });

  it('keeps every paragraph of a multi-paragraph callout', () => {
    const { html } = render('> 💡 First.\n>\n> Second.');
    expect(html).toContain('<div class="callout-body"><p>First.</p><p>Second.</p></div>');
  });

  it('leaves ordinary blockquotes alone', () => {
    expect(render('> Just a quote.').html).toBe('<blockquote>\n<p>Just a quote.</p>\n</blockquote>');
  });

  it('recognises emoji with variation selectors, skin tones, joiners and flags', () => {
    expect(splitLeadingEmoji('⚠️ Careful')).toEqual(['⚠️', 'Careful']);
    expect(splitLeadingEmoji('👋🏽 Hi')).toEqual(['👋🏽', 'Hi']);
    expect(splitLeadingEmoji('🧑‍💻 Code')).toEqual(['🧑‍💻', 'Code']);
    expect(splitLeadingEmoji('🇸🇪 Flag')).toEqual(['🇸🇪', 'Flag']);
    expect(splitLeadingEmoji('No emoji 🏄')).toBeNull();
    expect(splitLeadingEmoji('1 numbered')).toBeNull();
  });
});

describe('figures', () => {
  it('wraps an image alone in its paragraph in a figure with its intrinsic size', () => {
    expect(render('![A chart of spend](/images/chart.png)').html).toBe(
      '<figure><img src="/images/chart.png" alt="A chart of spend" width="800" height="450" decoding="async"></figure>',
    );
  });

  it('turns an emphasised line under the image into a figcaption, keeping links', () => {
    const { html } = render('![A chart](/images/chart.png)\n*Time flies. [Source](https://data.example.org/x)*');
    expect(html).toBe(
      '<figure><img src="/images/chart.png" alt="A chart" width="800" height="450" decoding="async"><figcaption>Time flies. <a href="https://data.example.org/x" rel="noopener">Source</a></figcaption></figure>',
    );
  });

  it('does not make a figure of an image inside running text', () => {
    expect(render('See ![x](/images/chart.png) here.').html).toMatch(/^<p>See <img/);
  });

  it('loads every image lazily except the first, or all lazily under a cover', () => {
    const md = '![one](/images/chart.png)\n\n![two](/images/chart.png)';
    const eager = render(md).html;
    expect(eager.match(/loading="lazy"/g)).toHaveLength(1);
    expect(eager.indexOf('loading="lazy"')).toBeGreaterThan(eager.indexOf('alt="two"') - 80);
    expect(render(md, { eagerFirstImage: false }).html.match(/loading="lazy"/g)).toHaveLength(2);
  });
});

describe('headings', () => {
  it('gives headings stable unique ids and self-links, and collects h2/h3 for the contents', () => {
    const { html, toc } = render('## Why now?\n\ntext\n\n### The `cost`\n\n## Why now?\n\n#### Deep');
    expect(html).toContain('<h2 id="why-now"><a class="heading-link" href="#why-now">Why now?</a></h2>');
    expect(html).toContain('<h3 id="the-cost"><a class="heading-link" href="#the-cost">The <code>cost</code></a></h3>');
    expect(html).toContain('<h2 id="why-now-1">');
    expect(toc).toEqual([
      { depth: 2, id: 'why-now', text: 'Why now?' },
      { depth: 3, id: 'the-cost', text: 'The cost' },
      { depth: 2, id: 'why-now-1', text: 'Why now?' },
    ]);
  });

  it('adds a separate anchor when the heading already holds a link', () => {
    expect(render('## See [docs](https://example.org)').html).toContain(
      '<a class="heading-anchor" href="#see-docs" aria-label="Link to this section">#</a>',
    );
  });
});

describe('code, tables, footnotes and links', () => {
  it('highlights fenced code at build time', () => {
    const { html } = render('```ts\nconst answer: number = 42;\n```');
    expect(html).toContain('<pre tabindex="0"><code class="hljs language-ts"><span class="hljs-keyword">const</span>');
    expect(html).toContain('<span class="hljs-number">42</span>');
  });

  it('renders GFM tables, task lists and strikethrough', () => {
    const { html } = render('| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n\n~~old~~');
    expect(html).toContain('<table>');
    expect(html).toContain('<td>1</td>');
    expect(html).toContain('type="checkbox" checked disabled');
    expect(html).toContain('<del>old</del>');
  });

  it('renders footnotes with back-references', () => {
    const { html } = render('A claim.[^1]\n\n[^1]: The evidence.');
    expect(html).toContain('<sup><a href="#user-content-fn-1" id="user-content-fnref-1" data-footnote-ref');
    expect(html).toContain('<section data-footnotes class="footnotes">');
    expect(html).toContain('The evidence.');
  });

  it('marks only external links with rel="noopener"', () => {
    const { html } = render('[out](https://other.example.org/) [home](https://example.com/x) [in](/other-issue)');
    expect(html).toContain('<a href="https://other.example.org/" rel="noopener">out</a>');
    expect(html).toContain('<a href="https://example.com/x">home</a>');
    expect(html).toContain('<a href="/other-issue">in</a>');
  });

  it('makes links and images absolute for syndication', () => {
    const { html } = render('[in](/other) [note](#sec) ![c](/images/chart.png)', { absoluteBase: 'https://example.com/this' });
    expect(html).toContain('href="https://example.com/other"');
    expect(html).toContain('href="https://example.com/this#sec"');
    expect(html).toContain('src="https://example.com/images/chart.png"');
  });

  it('drops raw HTML, so an issue can never inject a script', () => {
    const { html } = render('Hello <script>alert(1)</script> <img src=x onerror=alert(1)>');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('onerror');
  });
});

describe('body split for the mid-article slot', () => {
  it('splits at an h2 near the middle of a long piece', () => {
    const para = 'word '.repeat(200);
    const md = ['## One', para, '## Two', para, '## Three', para, '## Four', para].join('\n\n');
    const { halves } = render(md);
    expect(halves).not.toBeNull();
    expect(halves![0]).toContain('id="two"');
    expect(halves![1].startsWith('<h2 id="three">')).toBe(true);
  });

  it('does not split a piece with no section near its middle', () => {
    expect(render('Just one paragraph.').halves).toBeNull();
  });
});

describe('accessibility of Markdown output', () => {
  it('lets a keyboard scroll code blocks and tables, and names task-list checkboxes', () => {
    const { html } = render('```\nx\n```\n\n| a |\n|---|\n| 1 |\n\n- [x] Ship it\n- [ ] Tell people');
    expect(html).toContain('<pre tabindex="0">');
    expect(html).toContain('<div class="table-wrap" tabindex="0"><table>');
    expect(html).toContain('aria-label="Ship it"');
    expect(html).toContain('aria-label="Tell people"');
  });
});
