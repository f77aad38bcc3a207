/**
 * Issue 14, hostile correction notes: what content:check refuses (HTML and scripts, CR/LF, bidi
 * and invisible characters, NUL, 10 KB), quickly; what the page, feed and email make of text that
 * slips through (escaped, never markup); and that no note or title can add a header to the
 * correction email.
 */
import { describe, expect, it } from 'vitest';
import { plainCorrectionNote, renderCorrectionNote } from '@/lib/content/corrections';
import { loadIssues } from '@/lib/content/load';
import { buildAtom } from '@/lib/feeds/feeds';
import { renderCorrectionEmail } from '@/lib/newsletter/corrections-email';
import { composeIssueMessage, prepareIssueMessage } from '@/lib/newsletter/email-mime';

const site = { url: 'https://notes.example', title: 'Notes', author: 'Robin Hale', lang: 'en' };
const checkNote = (yamlValue: string) => {
  const text = `---\ntitle: "T"\ndate: 2025-03-12\nsummary: "S."\ncorrection: ${yamlValue}\n---\nBody words.\n`;
  return loadIssues([{ name: 'a.md', file: 'content/a.md', text }], () => false);
};
const elapsed = (work: () => unknown) => {
  const start = performance.now();
  work();
  return performance.now() - start;
};

describe('content:check refuses a hostile note, with the field and a fix', () => {
  const hostile: Array<[string, string]> = [
    ['HTML', '"It was <script>alert(1)</script> wrong."'],
    ['an image with a handler', '"See <img src=x onerror=alert(1)> here."'],
    ['CR/LF (a header in the making)', '"Wrong.\\r\\nBcc: everyone@example.com"'],
    ['a lone LF', '"Wrong.\\nSubject: free money."'],
    ['a right-to-left override', '"The total was \\u202E0001\\u202C, not 100."'],
    ['a zero-width joiner', '"Wrong\\u200Dly dated."'],
    ['NUL', '"Wrong\\0 year."'],
    ['10 KB', `"${'a'.repeat(10 * 1024)}."`],
    ['a list', '"- First item."'],
  ];
  for (const [what, value] of hostile) {
    it(`refuses ${what}`, () => {
      const { issues, problems } = checkNote(value);
      expect(issues).toEqual([]);
      expect(problems).toEqual([expect.objectContaining({ severity: 'error', file: 'content/a.md', field: 'correction', fix: expect.stringContaining('one sentence') })]);
    });
  }

  it('checks a long hostile note in linear time', () => {
    for (const value of [`"${'*'.repeat(100_000)}"`, `"${'<'.repeat(100_000)}"`, `"${'a.'.repeat(50_000)}x"`]) {
      expect(elapsed(() => checkNote(value))).toBeLessThan(500);
    }
  });
});

describe('text that slips through is text, never markup', () => {
  it('escapes HTML in the page and feed rendering, keeping only the inline marks', () => {
    const note = 'It was **<img src=x onerror=alert(1)>** and `</code><script>` wrong.';
    const rendered = renderCorrectionNote(note);
    expect(rendered).not.toMatch(/<img|<script|<\/code><script/);
    expect(rendered).toContain('&lt;img src=x onerror=alert(1)&gt;');
    const atom = buildAtom({ ...site, description: 'D' }, [{ slug: 'a', title: 'A', summary: 'S', date: '2025-03-12', updated: null, tags: [], html: '<p>B</p>', correction: { note, day: '2025-03-20' } }]);
    expect(atom).not.toContain('<img');
    expect(atom).not.toContain('<script');
  });

  it('renders thousands of marks in linear time', () => {
    for (const note of ['*'.repeat(20_000), '`'.repeat(20_000), '**a'.repeat(7_000), ' *a'.repeat(7_000)]) {
      expect(elapsed(() => renderCorrectionNote(note))).toBeLessThan(200);
      expect(elapsed(() => plainCorrectionNote(note))).toBeLessThan(200);
    }
  });
});

describe('the correction email', () => {
  it('carries no header a title or a note tries to add, and escapes both in the HTML', () => {
    const title = 'Outage\r\nBcc: everyone@example.com\r\nX-Injected: 1';
    const email = renderCorrectionEmail({ slug: 'a', title, note: 'Wrong <b>total</b>\r\nBcc: x@example.com.', day: '2025-03-20' }, site);
    const raw = composeIssueMessage(prepareIssueMessage(email, { from: 'Notes <notes@notes.example>', listId: '"Notes" <newsletter.notes.example>' }), {
      to: 'ada@example.com', messageId: '<correction-1-1@notes.example>', unsubscribeUrl: 'https://notes.example/unsubscribe?token=t', date: new Date(0),
    }).toString();
    const headers = raw.slice(0, raw.indexOf('\r\n\r\n')).split('\r\n');
    expect(headers.filter((h) => /^(bcc|x-injected):/i.test(h))).toEqual([]);
    expect(headers).toContain('Subject: Correction: Outage Bcc: everyone@example.com X-Injected: 1');
    expect(email.html).toContain('Wrong &lt;b&gt;total&lt;/b&gt;');
    expect(email.html).not.toContain('<b>total');
  });
});
