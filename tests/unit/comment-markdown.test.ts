import { describe, expect, it } from 'vitest';
import { COMMENT_MARKDOWN_HELP, renderCommentMarkdown as render } from '@/lib/comments/markdown';

const REL = 'rel="nofollow ugc noopener"';

/** Tags and the attributes each may carry: anything else in the output is a sanitiser bug. */
const ALLOWED: Record<string, string[]> = {
  p: [], br: [], em: [], strong: [], code: ['class'], pre: [], ul: [], ol: [], li: [], a: ['href', 'rel'],
};
const TAG = /<\/?([a-zA-Z][^\s/>]*)([^>]*)>/g;

/** Asserts every piece of markup in `html` is allowed, and that no other `<` can open a tag. */
function expectSafe(html: string) {
  expect(html).not.toMatch(/<(script|iframe|svg|img|style|object|embed|form|math|base|meta|details)/i);
  for (const [, tag, attrs = ''] of html.matchAll(TAG)) {
    expect(ALLOWED, `unexpected <${tag}> in ${html}`).toHaveProperty(tag!.toLowerCase());
    expect(attrs).not.toMatch(/\bon\w+\s*=|style\s*=|javascript:|vbscript:|data:/i);
    for (const [, name, value = ''] of attrs.matchAll(/\s([^\s=]+)(?:="([^"]*)")?/g)) {
      expect(ALLOWED[tag!.toLowerCase()]).toContain(name);
      if (name === 'href') expect(value).toMatch(/^(https?:\/\/|mailto:)/);
      if (name === 'rel') expect(value).toBe('nofollow ugc noopener');
      if (name === 'class') expect(value).toMatch(/^language-[a-z0-9_+#.-]+$/);
    }
  }
  // Outside the allowed tags every `<` must have been escaped.
  expect(html.replace(TAG, '')).not.toContain('<');
}

describe('renderCommentMarkdown: supported Markdown', () => {
  it('renders paragraphs and keeps single line breaks', () => {
    expect(render('First line\nsecond line\n\nNew paragraph')).toBe(
      '<p>First line<br>second line</p><p>New paragraph</p>',
    );
    expect(render('Windows\r\nline')).toBe('<p>Windows<br>line</p>');
  });

  it('renders emphasis, strong and inline code', () => {
    expect(render('*a* _b_ **c** `d < e`')).toBe('<p><em>a</em> <em>b</em> <strong>c</strong> <code>d &#x3C; e</code></p>');
  });

  it('renders fenced and indented code blocks, keeping only a valid language class', () => {
    expect(render('```ts\nconst a = 1;\n```')).toBe('<pre><code class="language-ts">const a = 1;</code></pre>');
    expect(render('```"><b>\nx\n```')).toBe('<pre><code>x</code></pre>');
    expect(render('    indented\n    code')).toBe('<pre><code>indented\ncode</code></pre>');
  });

  it('renders ordered and unordered lists, nested lists and task items as text', () => {
    expect(render('- a\n- b\n  1. c')).toBe('<ul><li>a</li><li>b<ol><li>c</li></ol></li></ul>');
    expect(render('1. one\n\n2. two')).toBe('<ol><li><p>one</p></li><li><p>two</p></li></ol>');
    expect(render('- [x] done\n- [ ] todo')).toBe('<ul><li>[x] done</li><li>[ ] todo</li></ul>');
  });

  it('renders http, https and mailto links with rel="nofollow ugc noopener"', () => {
    expect(render('[site](https://example.com/a?b=1&c=2)')).toBe(
      `<p><a href="https://example.com/a?b=1&#x26;c=2" ${REL}>site</a></p>`,
    );
    expect(render('[mail](mailto:robin@example.com)')).toBe(`<p><a href="mailto:robin@example.com" ${REL}>mail</a></p>`);
    expect(render('[up](HTTP://EXAMPLE.COM)')).toBe(`<p><a href="http://example.com/" ${REL}>up</a></p>`);
    expect(render('[ref][r]\n\n[r]: https://example.com/r')).toBe(`<p><a href="https://example.com/r" ${REL}>ref</a></p>`);
  });

  it('autolinks bare URLs and email addresses', () => {
    expect(render('see https://example.com and www.example.org')).toBe(
      `<p>see <a href="https://example.com/" ${REL}>https://example.com</a> and <a href="http://www.example.org/" ${REL}>www.example.org</a></p>`,
    );
    expect(render('write to me@example.com')).toBe(`<p>write to <a href="mailto:me@example.com" ${REL}>me@example.com</a></p>`);
  });

  it('shows relative and protocol-relative links as their text', () => {
    expect(render('[home](/admin) [x](//evil.example)')).toBe('<p>home x</p>');
  });

  it('is deterministic and renders nothing for blank input', () => {
    const text = '*a* [b](https://example.com)\n- c';
    expect(render(text)).toBe(render(text));
    expect(render('')).toBe('');
    expect(render('  \n \n')).toBe('');
  });

  it('has a one-line help text naming what works', () => {
    expect(COMMENT_MARKDOWN_HELP).toMatch(/emphasis.*code.*lists.*links/);
  });
});

describe('renderCommentMarkdown: everything else is plain text', () => {
  it('turns headings into paragraphs and unwraps blockquotes', () => {
    expect(render('# Big *news*')).toBe('<p>Big <em>news</em></p>');
    expect(render('> quoted\n> text\n\nreply')).toBe('<p>quoted<br>text</p><p>reply</p>');
  });

  it('shows images as their alt text and URL', () => {
    expect(render('![a cat](https://example.com/cat.png)')).toBe('<p>a cat (https://example.com/cat.png)</p>');
  });

  it('shows tables, rules, strikethrough and footnotes as typed', () => {
    expect(render('| a | b |\n|---|---|\n| 1 | 2 |')).toBe('<p>| a | b |<br>|---|---|<br>| 1 | 2 |</p>');
    expect(render('---')).toBe('<p>---</p>');
    expect(render('I ~~hate~~ love it')).toBe('<p>I ~~hate~~ love it</p>');
    expect(render('x[^1]\n\n[^1]: note')).toBe('<p>x[^1]</p><p>[^1]: note</p>');
  });

  it('shows raw HTML escaped, as text', () => {
    expect(render('I <b>mean</b> it')).toBe('<p>I &#x3C;b>mean&#x3C;/b> it</p>');
    expect(render('<div>\nhi\n</div>')).toBe('<p>&#x3C;div><br>hi<br>&#x3C;/div></p>');
  });

  it('falls back to plain paragraphs for absurdly nested input instead of overflowing the stack', () => {
    const html = render(`${'> '.repeat(5000)}deep\n\n${'1. '.repeat(3000)}x`);
    expect(html).toMatch(/^<p>(?:> )+deep<\/p><p>(?:1\. )+x<\/p>$/);
  });
});

describe('renderCommentMarkdown: XSS payloads', () => {
  const shownAsText: [string, string][] = [
    ['<script>alert(1)</script>', '&#x3C;script>alert(1)&#x3C;/script>'],
    ['<SCRIPT SRC=//evil.example/x.js></SCRIPT>', '&#x3C;SCRIPT SRC=//evil.example/x.js>'],
    ['hi <img src=x onerror=alert(1)> there', 'hi &#x3C;img src=x onerror=alert(1)> there'],
    ['<svg onload=alert(1)>', '&#x3C;svg onload=alert(1)>'],
    ['<svg><script>alert(1)</script></svg>', '&#x3C;svg>&#x3C;script>'],
    ['<iframe src="javascript:alert(1)"></iframe>', '&#x3C;iframe src="javascript:alert(1)">'],
    ['<a href="javascript:alert(1)">click</a>', '&#x3C;a href="javascript:alert(1)">click'],
    ['<p style="background:url(javascript:alert(1))">x</p>', '&#x3C;p style='],
    ['<style>body{display:none}</style>', '&#x3C;style>'],
    ['<object data="javascript:alert(1)"></object>', '&#x3C;object'],
    ['<embed src="javascript:alert(1)">', '&#x3C;embed'],
    ['<form action="javascript:alert(1)"><button>go</button></form>', '&#x3C;form'],
    ['<details open ontoggle=alert(1)>', '&#x3C;details'],
    ['<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>', '&#x3C;math>'],
    ['<meta http-equiv="refresh" content="0;url=javascript:alert(1)">', '&#x3C;meta'],
    ['<!-- x --><script>alert(1)</script>', '&#x3C;!-- x -->'],
    ['text <base href="javascript:/">', '&#x3C;base'],
    ['`<script>alert(1)</script>`', '<code>&#x3C;script>alert(1)&#x3C;/script></code>'],
    ['＜script＞alert(1)＜/script＞', '＜script＞alert(1)＜/script＞'],
  ];

  it.each(shownAsText)('escapes %j and keeps it visible', (payload, visible) => {
    const html = render(payload);
    expectSafe(html);
    expect(html).toContain(visible);
  });

  const refusedLinks = [
    '[x](javascript:alert(1))',
    '[x](JaVaScRiPt:alert(1))',
    '[x]( javascript:alert(1))',
    '[x](&#106;avascript:alert(1))',
    '[x](&#x6A;avascript&#58;alert(1))',
    '[x](javascript&colon;alert(1))',
    '[x](java&#9;script:alert(1))',
    '[x](java&#10;script:alert(1))',
    '[x](<java\u0000script:alert(1)>)',
    '[x](\u200Bjavascript:alert(1))',
    '[x](java\u00ADscript:alert(1))',
    '[x](ｊavascript:alert(1))',
    '[x](javascript://example.com/%0Aalert(1))',
    '[x](vbscript:msgbox(1))',
    '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
    '[x](DATA:text/html,alert(1))',
    '[x](%6Aavascript:alert(1))',
    '[x][r]\n\n[r]: javascript:alert(1)',
    '[x](file:///etc/passwd)',
  ];

  it.each(refusedLinks)('refuses the link in %j and shows its text', (payload) => {
    const html = render(payload);
    expectSafe(html);
    expect(html).toBe('<p>x</p>');
  });

  it('drops link titles, so a title cannot break out of its attribute', () => {
    const html = render('[x](https://example.com "\\"><script>alert(1)</script>")');
    expectSafe(html);
    expect(html).toBe(`<p><a href="https://example.com/" ${REL}>x</a></p>`);
  });

  it('percent-encodes quotes in an allowed URL', () => {
    const html = render('[x](https://example.com/"onmouseover="alert(1))');
    expectSafe(html);
    expect(html).toContain('href="https://example.com/%22onmouseover=%22alert(1)"');
  });

  it('stops bare URLs at markup and keeps the markup as text', () => {
    const html = render('https://example.com/"><script>alert(1)</script>');
    expectSafe(html);
    expect(html).toContain('&#x3C;script>');
  });

  it('shows a look-alike domain in its punycode form', () => {
    expect(render('[bank](https://ехаmple.com)')).toMatch(/href="https:\/\/xn--[a-z0-9-]+\.com\/"/);
  });

  it('keeps scheme-like text and image URLs as harmless text', () => {
    for (const payload of ['<javascript:alert(1)>', '![x](javascript:alert(1))', '```js onload=alert(1)\nx\n```']) {
      expectSafe(render(payload));
    }
  });
});
