import 'server-only';
import { z } from 'zod';
import { getIssue } from '../content/service';
import { parseCsv, type CsvProblem } from '../csv';
import { err, ok, type Result } from '../result';
import { setImportedViews } from './repository';

// `npm run views:import`: historical counts from the platform an author is leaving.

const importRow = z.object({
  slug: z.string().trim().min(1, { error: 'the slug is empty' }),
  views: z
    .string()
    .trim()
    .transform((s) => s.replace(/[,_\s]/g, ''))
    .pipe(z.string().regex(/^\d{1,12}$/, { error: 'views must be a whole number, like 31651' }))
    .transform(Number),
});

export type ImportProblem = CsvProblem;

/**
 * Parses a `slug,views` CSV (a header line is allowed) of historical counts from another platform.
 * Every line is checked first; with any problem nothing is stored.
 */
export function parseViewsCsv(text: string): Result<Array<{ slug: string; views: number }>, 'invalid'> & { problems?: ImportProblem[] } {
  const rows = parseCsv(text);
  if (!rows.ok) return { ...err('invalid'), problems: [rows.problem] };
  const problems: ImportProblem[] = [];
  const counts = new Map<string, number>();
  rows.value.forEach(({ cells, line }, i) => {
    if (i === 0 && /^slug$/i.test(cells[0]?.trim() ?? '')) return;
    const parsed = importRow.safeParse({ slug: cells[0] ?? '', views: cells[1] ?? '' });
    if (!parsed.success) return void problems.push({ line, message: parsed.error.issues[0]!.message });
    if (cells.length > 2 && cells.slice(2).some((c) => c.trim() !== '')) return void problems.push({ line, message: 'expected two columns: slug,views' });
    if (!getIssue(parsed.data.slug)) return void problems.push({ line, message: `no published issue has the slug "${parsed.data.slug}"` });
    if (counts.has(parsed.data.slug)) return void problems.push({ line, message: `"${parsed.data.slug}" appears twice` });
    counts.set(parsed.data.slug, parsed.data.views);
  });
  if (problems.length > 0) return { ...err('invalid'), problems };
  return ok([...counts].map(([slug, views]) => ({ slug, views })));
}

/** Seeds historical counts; importing the same file again leaves every count as it was. */
export async function importViews(text: string): Promise<Result<{ issues: number; views: number }, 'invalid'> & { problems?: ImportProblem[] }> {
  const parsed = parseViewsCsv(text);
  if (!parsed.ok) return parsed;
  await setImportedViews(parsed.value);
  return ok({ issues: parsed.value.length, views: parsed.value.reduce((n, c) => n + c.views, 0) });
}
