import { describe, expect, it } from 'vitest';
import { parseCsv, readCsv, toCsv } from '@/lib/csv';
import { growthSeries } from '@/lib/newsletter/growth';

describe('CSV', () => {
  it('parses quoted cells, doubled quotes, newlines in quotes and CRLF', () => {
    const parsed = parseCsv('email,source\r\n"a@example.com","old ""list"""\r\nb@example.com,"x,\ny"\n\n');
    expect(parsed.ok && parsed.value.map((r) => r.cells)).toEqual([
      ['email', 'source'],
      ['a@example.com', 'old "list"'],
      ['b@example.com', 'x,\ny'],
    ]);
  });
  it('gives each record the line of the file it starts on, past blank lines and multi-line cells', async () => {
    const text = '\uFEFFemail\n\n"a@example.com\nsecond line"\n , \nb@example.com\n';
    const parsed = parseCsv(text);
    expect(parsed.ok && parsed.value).toEqual([
      { line: 1, cells: ['email'] },
      { line: 3, cells: ['a@example.com\nsecond line'] },
      { line: 6, cells: ['b@example.com'] },
    ]);
    const streamed = [];
    for await (const row of readCsv(text)) streamed.push(row);
    expect(streamed).toEqual(parsed.ok && parsed.value);
  });
  it('names the line where a file stops being CSV', async () => {
    expect(parseCsv('email\n"a@example.com\nb@example.com\n')).toEqual({
      ok: false,
      error: 'malformed',
      problem: { line: 3, message: 'the file ends inside a quoted cell (a closing " is missing)' },
    });
    const streamed = [];
    for await (const row of readCsv('email\na@example.com\n"b@example.com,c@example.com')) streamed.push(row);
    expect(streamed).toEqual([
      { line: 1, cells: ['email'] },
      { line: 2, cells: ['a@example.com'] },
      { problem: { line: 3, message: 'the file ends inside a quoted cell (a closing " is missing)' } },
    ]);
  });
  it('writes cells a spreadsheet cannot turn into formulas', () => {
    expect(toCsv([['=HYPERLINK("x")', 'a,b', null, 3, '@SUM(A1)', '+1', '-1', '\tx']])).toBe(`"'=HYPERLINK(""x"")","a,b",,3,'@SUM(A1),'+1,'-1,'\tx\n`);
    const back = parseCsv(toCsv([['say "hi"', 'plain']]));
    expect(back.ok && back.value.map((r) => r.cells)).toEqual([['say "hi"', 'plain']]);
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
