import { describe, expect, it } from 'vitest';
import { parseCsv, toCsvLine } from '@/lib/csv';
import { growthSeries } from '@/lib/newsletter/growth';

describe('CSV', () => {
  it('parses quoted cells, doubled quotes, newlines in quotes and CRLF', () => {
    expect(parseCsv('email,source\r\n"a@example.com","old ""list"""\r\nb@example.com,"x,\ny"\n\n')).toEqual([
      ['email', 'source'],
      ['a@example.com', 'old "list"'],
      ['b@example.com', 'x,\ny'],
    ]);
  });
  it('writes cells a spreadsheet cannot turn into formulas', () => {
    expect(toCsvLine(['=HYPERLINK("x")', 'a,b', null, 3])).toBe(`"'=HYPERLINK(""x"")","a,b",,3`);
    expect(parseCsv(toCsvLine(['say "hi"', 'plain']))).toEqual([['say "hi"', 'plain']]);
  });
});

describe('growth chart data', () => {
  it('counts confirmed subscribers still on the list at the end of each day', () => {
    const d = (s: string) => new Date(`${s}T12:00:00Z`);
    const series = growthSeries(
      [
        { confirmedAt: d('2026-01-01'), leftAt: null },
        { confirmedAt: d('2026-03-02'), leftAt: d('2026-03-04') },
        { confirmedAt: d('2026-03-03'), leftAt: null },
        { confirmedAt: null, leftAt: null },
      ],
      d('2026-03-05'),
      5,
    );
    expect(series).toEqual([
      { day: '2026-03-01', total: 1 },
      { day: '2026-03-02', total: 2 },
      { day: '2026-03-03', total: 3 },
      { day: '2026-03-04', total: 2 },
      { day: '2026-03-05', total: 2 },
    ]);
  });
});
