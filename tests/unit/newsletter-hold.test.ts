import { describe, expect, it } from 'vitest';
import { loadIssues } from '@/lib/content/load';
import { parseEnvForTest } from '@/lib/env';
import { addPreviewNotice, computeReleaseAt, describeHold, formatTimeLeft } from '@/lib/newsletter/hold';

const heldAt = new Date('2026-12-01T18:30:00Z');
const email = { subject: 'Launch <notes>', viewUrl: 'https://notes.example/launch', html: '<!DOCTYPE html>\n<html><head><title>x</title></head>\n<body style="margin:0">\n<p>Body</p></body></html>', text: 'Body text\n' };

describe('the newsletter hold', () => {
  it('reads `newsletter: true` from the frontmatter, false when absent, and refuses anything but a boolean', () => {
    const file = (fm: string) => ({ name: 'a.md', file: 'content/a.md', text: `---\ntitle: "A"\ndate: 2024-03-12\nsummary: "S."\n${fm}\n---\nWords.\n` });
    expect(loadIssues([file('newsletter: true')], () => true).issues[0]!.newsletter).toBe(true);
    expect(loadIssues([file('')], () => true).issues[0]!.newsletter).toBe(false);
    const { problems } = loadIssues([file('newsletter: yes')], () => true);
    expect(problems.map((p) => `${p.field}: ${p.message}`)).toEqual(['newsletter: must be true or false (got "yes")']);
  });

  it('holds 10 minutes unless NEWSLETTER_HOLD_MINUTES says 0 to 1440', () => {
    expect(parseEnvForTest({}).NEWSLETTER_HOLD_MINUTES).toBe(10);
    expect(parseEnvForTest({ NEWSLETTER_HOLD_MINUTES: '0' }).NEWSLETTER_HOLD_MINUTES).toBe(0);
    expect(() => parseEnvForTest({ NEWSLETTER_HOLD_MINUTES: '1441' })).toThrow(/^Invalid environment variable NEWSLETTER_HOLD_MINUTES: /);
    expect(() => parseEnvForTest({ NEWSLETTER_HOLD_MINUTES: '-1' })).toThrow(/NEWSLETTER_HOLD_MINUTES/);
    expect(computeReleaseAt(heldAt, 10)).toEqual(new Date('2026-12-01T18:40:00Z'));
  });

  it('tells people the time left', () => {
    expect([0, 1, 45_000, 60_000, 61_000, 9.5 * 60_000, 65 * 60_000, 120 * 60_000].map(formatTimeLeft)).toEqual(['due now', '1 s', '45 s', '1 min', '2 min', '10 min', '1 h 5 min', '2 h']);
  });

  it('puts the hold and the cancel link on top of the preview, escaped, in both parts', () => {
    const cancelUrl = 'https://notes.example/admin/newsletter/cancel?token=a.b&x=<y>';
    const preview = addPreviewNotice(email, { heldAt, releaseAt: computeReleaseAt(heldAt, 10), readers: 1234, cancelUrl });
    expect(preview.subject).toBe('Preview: Launch <notes>');
    expect(preview.text).toBe(`This is your preview. The issue goes to 1,234 confirmed subscribers at 2026-12-01 18:40 UTC (in 10 min) unless you cancel the send.\nCancel this send: ${cancelUrl}\n\nBody text\n`);
    expect(preview.html).toContain('<body style="margin:0">\n<div');
    expect(preview.html).toContain('href="https://notes.example/admin/newsletter/cancel?token=a.b&amp;x=&lt;y&gt;"');
    expect(preview.html.indexOf('Cancel this send')).toBeLessThan(preview.html.indexOf('<p>Body</p>'));
  });

  it('says a send with no hold cannot be cancelled, and gives no link', () => {
    const n = { heldAt, releaseAt: heldAt, readers: 1, cancelUrl: 'https://notes.example/x' };
    expect(describeHold(n)).toContain('is being sent to 1 confirmed subscriber now');
    expect(addPreviewNotice(email, n).text).not.toContain('Cancel this send');
    expect(addPreviewNotice(email, n).html).not.toContain('https://notes.example/x');
  });
});
