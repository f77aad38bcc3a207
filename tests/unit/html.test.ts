import { describe, expect, it } from 'vitest';
import { html, jsonForScript, raw } from '@/lib/html/html';
import { cdata, escapeXml } from '@/lib/html/xml';

describe('html template', () => {
  it('escapes interpolated text, including quotes in attributes', () => {
    const name = '<script>alert("x")</script>';
    expect(html`<p title="${name}">${name}</p>`.toString()).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</p>',
    );
  });

  it('keeps nested templates and raw markup, joins lists and drops empty values', () => {
    const items = ['a&b', 'c'].map((t) => html`<li>${t}</li>`);
    expect(html`<ul>${items}</ul>${null}${undefined}${false}${raw('<hr>')}`.toString()).toBe('<ul><li>a&amp;b</li><li>c</li></ul><hr>');
  });

  it('makes JSON safe inside a script element', () => {
    expect(jsonForScript({ t: '</script><script>x()</script>' }).toString()).not.toContain('</script>');
  });
});

describe('xml escaping', () => {
  it('escapes markup and strips characters XML forbids', () => {
    expect(escapeXml('a < b & "c" \u0001')).toBe('a &lt; b &amp; &quot;c&quot; ');
  });

  it('cannot be closed early by ]]> in the content', () => {
    expect(cdata('x]]>y')).toBe('<![CDATA[x]]]]><![CDATA[>y]]>');
  });
});
