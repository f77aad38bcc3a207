import { describe, expect, it } from 'vitest';
import { parseRateLimit, retryAfterSeconds, windowStart } from '@/lib/security/rate-limit';

describe('parseRateLimit', () => {
  it.each([
    ['5/10m', 5, 600],
    ['100/1h', 100, 3600],
    ['3/30s', 3, 30],
    ['10/1d', 10, 86_400],
    ['60/m', 60, 60],
    [' 5 / 10M ', 5, 600],
  ])('reads %j', (spec, limit, windowSeconds) => {
    expect(parseRateLimit(spec)).toEqual({ ok: true, value: { limit, windowSeconds } });
  });

  it('reads off, in any case', () => {
    expect(parseRateLimit('off')).toEqual({ ok: true, value: 'off' });
    expect(parseRateLimit(' OFF ')).toEqual({ ok: true, value: 'off' });
  });

  it.each(['', '5', '5/', '/10m', '5/10', '5/10w', '0/10m', '5/0m', '-1/10m', '1.5/10m', '5/10m/2', 'on', '5/400d', '9999999999/1m'])(
    'refuses %j',
    (spec) => {
      expect(parseRateLimit(spec)).toEqual({ ok: false, error: 'invalid' });
    },
  );
});

describe('windowStart', () => {
  it('aligns windows to the epoch', () => {
    expect(windowStart(new Date('2025-03-01T12:07:31.500Z'), 600)).toEqual(new Date('2025-03-01T12:00:00Z'));
    expect(windowStart(new Date('2025-03-01T12:10:00Z'), 600)).toEqual(new Date('2025-03-01T12:10:00Z'));
    expect(windowStart(new Date('2025-03-01T23:59:59Z'), 86_400)).toEqual(new Date('2025-03-01T00:00:00Z'));
  });

  it('puts two moments in the same window exactly when they share a start', () => {
    const a = windowStart(new Date('2025-03-01T12:09:59.999Z'), 600);
    const b = windowStart(new Date('2025-03-01T12:10:00.000Z'), 600);
    expect(a).not.toEqual(b);
  });

  it('throws on a window that is not a positive whole number of seconds', () => {
    expect(() => windowStart(new Date(), 0)).toThrow(RangeError);
    expect(() => windowStart(new Date(), 1.5)).toThrow(RangeError);
  });
});

describe('retryAfterSeconds', () => {
  it('counts whole seconds until the window ends, rounding up', () => {
    expect(retryAfterSeconds(new Date('2025-03-01T12:07:30Z'), 600)).toBe(150);
    expect(retryAfterSeconds(new Date('2025-03-01T12:07:30.200Z'), 600)).toBe(150);
    expect(retryAfterSeconds(new Date('2025-03-01T12:00:00Z'), 600)).toBe(600);
  });

  it('is at least one second at the very end of a window', () => {
    expect(retryAfterSeconds(new Date('2025-03-01T12:09:59.999Z'), 600)).toBe(1);
  });
});
