import { describe, expect, it } from 'vitest';
import { formatGoLive, formatWait, isLive, liveIssues, nextGoLive, scheduledIssues } from '@/lib/content/schedule';

const issue = (title: string, liveAt: string, draft = false) => ({ title, liveAt, draft });
const NOW = new Date('2026-12-01T12:00:00Z');

describe('isLive', () => {
  it('is live from the instant itself, not a millisecond before', () => {
    const a = issue('A', '2026-12-01T12:00:00.000Z');
    expect(isLive(a, NOW)).toBe(true);
    expect(isLive(a, new Date(NOW.getTime() - 1))).toBe(false);
  });

  it('never shows a draft, whatever its time', () => {
    expect(isLive(issue('A', '2020-01-01T00:00:00.000Z', true), NOW)).toBe(false);
  });
});

describe('liveIssues and scheduledIssues', () => {
  const list = [
    issue('Later', '2026-12-24T07:00:00.000Z'),
    issue('Soon', '2026-12-02T08:00:00.000Z'),
    issue('Also soon', '2026-12-02T08:00:00.000Z'),
    issue('Now', '2026-12-01T12:00:00.000Z'),
    issue('Old', '2026-11-01T00:00:00.000Z'),
    issue('Draft', '2026-12-03T00:00:00.000Z', true),
  ];

  it('keeps the live ones in the order given', () => {
    expect(liveIssues(list, NOW).map((i) => i.title)).toEqual(['Now', 'Old']);
  });

  it('lists the future ones soonest first, same moment by title, drafts never', () => {
    expect(scheduledIssues(list, NOW).map((i) => i.title)).toEqual(['Also soon', 'Soon', 'Later']);
  });

  it('moves an issue from scheduled to live when its time comes', () => {
    const then = new Date('2026-12-02T08:00:00Z');
    expect(liveIssues(list, then).map((i) => i.title)).toEqual(['Soon', 'Also soon', 'Now', 'Old']);
    expect(scheduledIssues(list, then).map((i) => i.title)).toEqual(['Later']);
  });

  it('gives the next go-live moment, or null when nothing waits', () => {
    expect(nextGoLive(list, NOW)).toEqual(new Date('2026-12-02T08:00:00Z'));
    expect(nextGoLive(list, new Date('2026-12-02T08:00:00Z'))).toEqual(new Date('2026-12-24T07:00:00Z'));
    expect(nextGoLive(list, new Date('2026-12-24T07:00:00Z'))).toBeNull();
    expect(nextGoLive([], NOW)).toBeNull();
  });
});

describe('formatting a schedule', () => {
  it('writes the moment in UTC, with seconds only when there are some', () => {
    expect(formatGoLive('2026-12-24T07:00:00.000Z')).toBe('2026-12-24 07:00 UTC');
    expect(formatGoLive('2026-12-24T07:00:30.000Z')).toBe('2026-12-24 07:00:30 UTC');
  });

  it('says roughly how long until then', () => {
    const at = (ms: number) => new Date(NOW.getTime() + ms);
    expect(formatWait(NOW, at(30_000))).toBe('in less than a minute');
    expect(formatWait(NOW, at(60_000))).toBe('in 1 minute');
    expect(formatWait(NOW, at(59 * 60_000))).toBe('in 59 minutes');
    expect(formatWait(NOW, at(3_600_000))).toBe('in 1 hour');
    expect(formatWait(NOW, at(47 * 3_600_000))).toBe('in 47 hours');
    expect(formatWait(NOW, at(3.5 * 86_400_000))).toBe('in 3 days');
  });
});
