import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { personalizeIssueEmail, renderIssueEmail, UNSUBSCRIBE_MARK } from '@/lib/newsletter/email';
import { composeIssueMessage, createListId, createMessageId, prepareIssueMessage } from '@/lib/newsletter/email-mime';

const site = { url: 'https://notes.example', title: 'Notes from the CTO', author: 'Robin Hale', lang: 'en' };
const markdown = `Intro with *emphasis*, **strength**, \`code\` and a [guide](https://example.org/guide) and [a page](/about).

## Why 1 < 2 & that

> 💡 A callout with a tip.

1. First step
2. Second step

- [ ] Open task
- [x] Done task

\`\`\`js
const a = 1 < 2;
\`\`\`

| Tool | Use |
| --- | --- |
| grep | search |

![A chart](https://example.org/chart.png)

A claim.[^1]

[^1]: The source, [on the web](https://example.org/source).
`;
const issue = { slug: 'an-issue', title: 'Tips & <tricks> "quoted"', date: '2024-03-05', summary: 'A summary <b>here</b>', markdown };
const UNSUBSCRIBE = 'https://notes.example/unsubscribe?token=abc.def&x=1';

describe('issue email: HTML part', () => {
  const email = renderIssueEmail(issue, site);
  const { html } = personalizeIssueEmail(email, UNSUBSCRIBE);

  it('is a 600px table layout styled inline, without <style> or classes', () => {
    expect(html).toMatch(/<table role="presentation" width="600"[^>]*max-width:600px/);
    expect(html).not.toMatch(/<style/i);
    expect(html).not.toMatch(/\sclass=/);
    for (const tag of ['p', 'h2', 'ol', 'ul', 'pre', 'table', 'td', 'th', 'img']) {
      expect(html, `<${tag}> carries its own style`).toMatch(new RegExp(`<${tag}[^>]* style="[^"]+"`));
    }
    expect(html).toMatch(/<img [^>]*style="[^"]*max-width:100%/);
    expect(html).toMatch(/<pre [^>]*style="[^"]*white-space:pre-wrap/);
  });

  it('escapes the title, summary and body text', () => {
    expect(html).toContain('Tips &amp; &lt;tricks&gt; &quot;quoted&quot;');
    expect(html).toContain('A summary &lt;b&gt;here&lt;/b&gt;');
    expect(html).toContain('Why 1 &#x3C; 2 &#x26; that');
    expect(html).not.toContain('<tricks>');
  });

  it('links to the issue on the site and to the reader’s own unsubscribe URL, escaped', () => {
    expect(html).toContain('href="https://notes.example/an-issue"');
    expect(html).toContain('View in your browser');
    expect(html).toContain(`href="https://notes.example/unsubscribe?token=abc.def&amp;x=1"`);
    expect(html).not.toContain(UNSUBSCRIBE_MARK);
    expect(html).toContain('href="https://notes.example/about"');
  });

  it('keeps callouts side by side in a table, and tasks as visible boxes', () => {
    expect(html).toMatch(/<td [^>]*>💡<\/td>/);
    expect(html).toContain('☐ Open task');
    expect(html).toContain('☑ Done task');
  });
});

describe('issue email: plain-text part', () => {
  const email = renderIssueEmail(issue, site);
  const { text } = personalizeIssueEmail(email, UNSUBSCRIBE);

  it('renders the article faithfully: headings, paragraphs, lists, code, tables', () => {
    expect(text).toContain('Tips & <tricks> "quoted"\n========================');
    expect(text).toContain('Why 1 < 2 & that\n----------------');
    expect(text).toContain('Intro with _emphasis_, *strength*, `code`');
    expect(text).toContain('1. First step\n2. Second step');
    expect(text).toContain('- [ ] Open task\n- [x] Done task');
    expect(text).toContain('    const a = 1 < 2;');
    expect(text).toMatch(/Tool \| Use\n-----\+-+\ngrep \| search/);
    expect(text).toContain('> 💡 A callout with a tip.');
    expect(text).toContain('[Image: A chart]');
  });

  it('writes links as "text (url)", absolute, and footnotes as numbered notes', () => {
    expect(text).toContain('a guide (https://example.org/guide)');
    expect(text).toContain('a page (https://notes.example/about)');
    expect(text).toContain('A claim.[1]');
    expect(text).toMatch(/Notes\n-----\n\n\[1\] The source, on the web \(https:\/\/example\.org\/source\)\./);
  });

  it('has the view-in-browser and personal unsubscribe links, unescaped', () => {
    expect(text).toContain('View in your browser: https://notes.example/an-issue');
    expect(text).toContain(`Unsubscribe: ${UNSUBSCRIBE}`);
  });
});

describe('issue email: the raw message', () => {
  const email = renderIssueEmail({ ...issue, title: 'Café ☕ and a long title that needs more than one encoded word' }, site);
  const template = prepareIssueMessage(email, { from: '"Notes from the CTO" <robin@notes.example>', listId: createListId(site) });
  const compose = (subscriberId: number) =>
    composeIssueMessage(template, { to: `reader${subscriberId}@example.com`, messageId: createMessageId(7, subscriberId, site.url), unsubscribeUrl: `${UNSUBSCRIBE}${subscriberId}`, date: new Date('2024-03-05T08:00:00Z') });

  it('parses back to both parts with the RFC 8058 one-click headers and a List-Id', async () => {
    const mail = await simpleParser(compose(42));
    const header = (name: string) => mail.headerLines.find((h) => h.key === name)?.line;
    expect(mail.subject).toBe('Café ☕ and a long title that needs more than one encoded word');
    expect(header('list-unsubscribe')).toBe(`List-Unsubscribe: <${UNSUBSCRIBE}42>`);
    expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(header('list-id')).toBe('List-Id: "Notes from the CTO" <newsletter.notes.example>');
    expect(mail.messageId).toBe('<newsletter-7-42@notes.example>');
    expect(mail.from?.value[0]?.address).toBe('robin@notes.example');
    expect(mail.text).toContain(`Unsubscribe: ${UNSUBSCRIBE}42`);
    expect(mail.text).toContain('Intro with _emphasis_');
    expect(mail.html).toContain(`href="https://notes.example/unsubscribe?token=abc.def&amp;x=142"`);
  });

  it('gives each (send, reader) its own stable Message-ID', () => {
    expect(createMessageId(7, 42, site.url)).toBe(createMessageId(7, 42, site.url));
    expect(createMessageId(7, 42, site.url)).not.toBe(createMessageId(7, 43, site.url));
    expect(createMessageId(7, 42, site.url)).not.toBe(createMessageId(8, 42, site.url));
  });

  it('keeps header lines short and free of raw non-ASCII', () => {
    const head = compose(1).toString('latin1').split('\r\n\r\n')[0]!;
    for (const line of head.split('\r\n')) expect(line.length).toBeLessThanOrEqual(998);
    expect(head).toMatch(/^[\x20-\x7e\r\n\t]*$/);
    expect(head).toContain('\r\n =?UTF-8?B?');
  });
});
