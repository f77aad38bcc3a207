import { describe, expect, it } from 'vitest';
import { replyText } from '@/lib/mail/inbound/reply-text';

// The reply parser's "On … wrote:" patterns are quadratic in what they scan (a 63 KB line of
// "On On On…" took 7 s): replyText cuts its input first, so no message costs the server more than
// a fraction of a second, and markup nested too deep to convert is no text rather than a crash.
const WORST_MS = 3000; // measured ≤ 0.5 s each on a loaded 2-core machine; the bound leaves room

const hostile: Record<string, { text?: string; html?: string }> = {
  'one long "On" line': { text: 'On '.repeat(40_000) },
  '"在" lines': { text: '在\n'.repeat(60_000) },
  '"x on" runs': { text: 'x on '.repeat(30_000) },
  'signature lines': { text: '--\n'.repeat(40_000) },
  'nested divs': { html: '<div>'.repeat(50_000) },
  'a wide table': { html: `<table><tr>${'<td>x'.repeat(40_000)}` },
};

describe('the cost of a hostile reply body', () => {
  it.each(Object.entries(hostile))('%s is read in bounded time', (_name, parts) => {
    const started = performance.now();
    const text = replyText(parts);
    expect(performance.now() - started).toBeLessThan(WORST_MS);
    expect(text.length).toBeLessThanOrEqual(16 * 1024);
  });
});
