import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { CsvError, parse, type Info, type Options } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { ok, type Result } from './result';

// CSV through csv-parse / csv-stringify (RFC 4180 and the files spreadsheets really write).

/** One record and the line of the file it starts on (a quoted cell may span lines). */
export type CsvRow = { line: number; cells: string[] };
/** Why a file is not CSV, at the line where the parser gave up. */
export type CsvProblem = { line: number; message: string };

const options: Options = {
  bom: true,
  info: true,
  // Files from spreadsheets and platforms mix line endings; a quote inside a bare cell is text.
  record_delimiter: ['\r\n', '\n', '\r'],
  relax_quotes: true,
  relax_column_count: true,
  skip_empty_lines: true,
  skip_records_with_empty_values: true,
};

type Parsed = { record: string[]; info: Info };

// csv-parse counts the line a record ends on; line breaks inside its quoted cells are the difference.
const toRow = ({ record, info }: Parsed): CsvRow => ({
  cells: record,
  line: info.lines - record.reduce((n, cell) => n + (cell.match(/\r\n|\r|\n/g)?.length ?? 0), 0),
});

const problemMessages: Partial<Record<string, string>> = {
  CSV_QUOTE_NOT_CLOSED: 'the file ends inside a quoted cell (a closing " is missing)',
  CSV_INVALID_CLOSING_QUOTE: 'a quoted cell has text after its closing quote',
};

function toProblem(e: unknown): CsvProblem {
  if (!(e instanceof CsvError)) throw e;
  const line = (e as CsvError & { lines?: number }).lines ?? 1;
  return { line, message: problemMessages[e.code] ?? 'this line is not valid CSV' };
}

export type ParsedCsv = Extract<Result<CsvRow[], never>, { ok: true }> | { ok: false; error: 'malformed'; problem: CsvProblem };

/** Parses a whole CSV text; blank lines are skipped. */
export function parseCsv(text: string): ParsedCsv {
  try {
    return ok((parseSync(text, options) as unknown as Parsed[]).map(toRow));
  } catch (e) {
    return { ok: false, error: 'malformed', problem: toProblem(e) };
  }
}

/**
 * Reads CSV a record at a time, so a large upload is never held as rows all at once. A file
 * that stops being CSV ends the rows it had with one `{ problem }`.
 */
export async function* readCsv(input: string | AsyncIterable<string | Uint8Array>): AsyncGenerator<CsvRow | { problem: CsvProblem }> {
  // Records are taken as the parser makes them: a stream that fails drops what it had buffered.
  const records: Parsed[] = [];
  const parser = parse({ ...options, on_record: (parsed: unknown) => void records.push(parsed as Parsed) } as Options);
  const done = finished(parser.resume()).then(() => null, (e: unknown) => toProblem(e));
  for await (const chunk of typeof input === 'string' ? [input] : input) {
    if (parser.destroyed) break;
    if (!parser.write(chunk)) await once(parser, 'drain');
    yield* records.splice(0).map(toRow);
  }
  parser.end();
  const problem = await done;
  yield* records.splice(0).map(toRow);
  if (problem) yield { problem };
}

/**
 * CSV lines, each ending in a newline. Cells that a spreadsheet would run as a formula (=, +,
 * -, @, tab or CR first, and their fullwidth forms) are prefixed with an apostrophe, so an
 * exported address can never become a formula.
 */
export function toCsv(rows: Array<Array<string | number | null>>): string {
  return stringify(rows, { escape_formulas: true });
}
