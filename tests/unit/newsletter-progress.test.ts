import { describe, expect, it } from 'vitest';
import {
  computeBackoffMs,
  computeRate,
  createTokenBucket,
  estimateRemainingMs,
  formatDuration,
  formatProgressBar,
  formatProgressLine,
  formatSummary,
  takeToken,
  type SendProgress,
} from '@/lib/newsletter/progress';

const progress = (over: Partial<SendProgress> = {}): SendProgress => ({
  total: 100_000, done: 45_000, sent: 40_000, skipped: 5_000, bounced: 0, failed: 0, elapsedMs: 50_000, ...over,
});

describe('send progress', () => {
  it('measures the rate from SMTP outcomes only: skipping readers costs no time', () => {
    expect(computeRate(progress())).toBe(800);
    expect(computeRate(progress({ sent: 39_000, bounced: 600, failed: 400 }))).toBe(800);
    expect(computeRate(progress({ elapsedMs: 0 }))).toBe(0);
  });

  it('estimates the time left from the readers still to go', () => {
    expect(estimateRemainingMs(progress())).toBe(68_750);
    expect(estimateRemainingMs(progress({ sent: 0, elapsedMs: 10 }))).toBeNull();
    expect(estimateRemainingMs(progress({ done: 100_000, sent: 0 }))).toBe(0);
  });

  it('formats durations the way a person reads them', () => {
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(42_400)).toBe('42s');
    expect(formatDuration(185_000)).toBe('3m 05s');
    expect(formatDuration(3_725_000)).toBe('1h 02m');
  });

  it('draws a bar with count, percentage, rate and ETA', () => {
    expect(formatProgressBar(progress(), 20)).toBe('[#########-----------]  45% 45,000/100,000 · 800 msg/s · ETA 1m 09s');
    expect(formatProgressBar(progress({ done: 0, sent: 0, skipped: 0, elapsedMs: 5 }), 10)).toBe('[----------]   0% 0/100,000 · 0 msg/s · ETA --');
    expect(formatProgressBar(progress({ bounced: 3, failed: 1 }), 4)).toMatch(/· 3 bounced · 1 failed$/);
    expect(formatProgressBar(progress({ total: 0, done: 0 }), 4)).toMatch(/^\[####\] 100%/);
  });

  it('writes a plain line for logs', () => {
    expect(formatProgressLine(progress())).toBe('45,000/100,000 (45%): sent 40,000, skipped 5,000, bounced 0, failed 0 · 800 msg/s · ETA 1m 09s');
  });

  it('summarises a run, saying why it stopped early', () => {
    const lines = formatSummary({ ...progress({ done: 100_000, sent: 94_990, bounced: 7, failed: 3 }), slug: 's', subject: 'Subject', mode: 'send', ambiguous: 12, stopped: 'signal', rate: 812.345 });
    expect(lines[0]).toBe('Sent "Subject" (s) – stopped on request; run the same command again to carry on');
    expect(lines).toContain('  sent                   94,990');
    expect(lines).toContain('  bounced                7');
    expect(lines).toContain('  ambiguous (re-sent)    12');
    expect(lines).toContain('  rate                   812.3 msg/s');
    expect(formatSummary({ ...progress(), slug: 's', subject: 'S', mode: 'dry-run', ambiguous: 0, stopped: null, rate: 0 })[1]).toMatch(/would send\s+40,000/);
  });
});

describe('pacing', () => {
  it('lets a token bucket send at its rate, queueing callers one interval apart', () => {
    const bucket = createTokenBucket(10, 0);
    expect([takeToken(bucket, 0), takeToken(bucket, 0), takeToken(bucket, 0)]).toEqual([0, 100, 200]);
    // A second later the debt is paid and the bucket holds its one token of burst again.
    expect(takeToken(bucket, 1_300)).toBe(0);
    expect(takeToken(bucket, 1_300)).toBe(100);
  });

  it('allows a burst of a tenth of a second at high rates', () => {
    const bucket = createTokenBucket(500, 0);
    const waits = Array.from({ length: 51 }, () => takeToken(bucket, 0));
    expect(waits.slice(0, 50).every((w) => w === 0)).toBe(true);
    expect(waits[50]).toBe(2);
  });

  it('backs off exponentially with bounded jitter', () => {
    expect([1, 2, 3, 4].map((a) => computeBackoffMs(a, 1_000, 0.5))).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect(computeBackoffMs(1, 1_000, 0)).toBe(800);
    expect(computeBackoffMs(1, 1_000, 1)).toBe(1_200);
  });
});
