import { describe, expect, it } from 'vitest';
import { parseMoment } from '@/lib/content/dates';

const instant = (text: string) => {
  const r = parseMoment(text);
  return r.ok ? r.value.instant : r.error;
};

describe('parseMoment', () => {
  it('reads a bare day as midnight UTC, the day as written', () => {
    expect(parseMoment('2026-12-24')).toEqual({ ok: true, value: { day: '2026-12-24', instant: '2026-12-24T00:00:00.000Z', hasTime: false } });
  });

  it('reads a date-time in its own zone, keeping the day as written', () => {
    expect(parseMoment('2026-12-24T08:00:00+01:00')).toEqual({
      ok: true, value: { day: '2026-12-24', instant: '2026-12-24T07:00:00.000Z', hasTime: true },
    });
    // Just after midnight in Paris is still the 23rd in UTC; readers see the day the author wrote.
    expect(parseMoment('2026-12-24T00:30+01:00')).toMatchObject({ ok: true, value: { day: '2026-12-24', instant: '2026-12-23T23:30:00.000Z' } });
    expect(instant('2026-12-24T08:00Z')).toBe('2026-12-24T08:00:00.000Z');
    expect(instant('2026-12-24T08:00:30.25-05:30')).toBe('2026-12-24T13:30:30.250Z');
    expect(instant('2026-12-31T23:00:00-02:00')).toBe('2027-01-01T01:00:00.000Z');
  });

  it('refuses a time without a zone', () => {
    expect(instant('2026-12-24T08:00:00')).toBe('no-zone');
    expect(instant('2026-12-24T08:00')).toBe('no-zone');
  });

  it('refuses days and times that do not exist', () => {
    expect(instant('2026-02-30')).toBe('not-a-real-date');
    expect(instant('2026-02-30T08:00Z')).toBe('not-a-real-date');
    expect(instant('2028-02-29T08:00Z')).toBe('2028-02-29T08:00:00.000Z');
    expect(instant('2026-12-24T25:00Z')).toBe('not-a-real-time');
    expect(instant('2026-12-24T24:00Z')).toBe('not-a-real-time');
    expect(instant('2026-12-24T08:60Z')).toBe('not-a-real-time');
    expect(instant('2026-12-24T08:00:61Z')).toBe('not-a-real-time');
    expect(instant('2026-12-24T08:00+24:00')).toBe('not-a-real-time');
    expect(instant('2026-12-24T08:00+01:60')).toBe('not-a-real-time');
  });

  it('refuses other spellings', () => {
    for (const text of ['2026-12-24 08:00Z', '2026-12-24t08:00z', '24/12/2026', '2026-12-24T8:00Z', '2026-12-24T08:00+0100', '2026-12-24T08:00:00.Z', '', '2026-12-24T08:00Z ']) {
      expect(instant(text), text).toBe('not-a-date');
    }
  });
});
