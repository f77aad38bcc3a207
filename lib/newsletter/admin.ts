import 'server-only';
import { readCsv, toCsv } from '../csv';
import { growthSeries } from './growth';
import * as repo from './repository';
import { subscriberEmailSchema } from './schema';

/** Counts by status and the growth of the list over the last 90 days, for /admin/newsletter. */
export async function getNewsletterOverview(now = new Date()) {
  const [counts, dates] = await Promise.all([repo.countSubscribersByStatus(), repo.findConfirmationDates()]);
  const people = dates.map((d) => ({ confirmedAt: d.confirmedAt, leftAt: d.status === 'confirmed' ? null : (d.unsubscribedAt ?? d.confirmedAt) }));
  return { counts, growth: growthSeries(people, now, 90) };
}

export type ImportReport = { added: number; skipped: number; invalid: Array<{ line: number; reason: string }> };

/**
 * Imports subscribers who consented elsewhere (another newsletter platform): a CSV with an
 * `email` column and optionally `consent_at` (ISO date) and `source`. They arrive confirmed,
 * with source "import". Addresses already known are left exactly as they are: an import
 * never resubscribes someone who left.
 */
export async function importSubscribersCsv(text: string, now = new Date()): Promise<ImportReport> {
  const report: ImportReport = { added: 0, skipped: 0, invalid: [] };
  let columns: { email: number; consent: number } | null = null;
  for await (const row of readCsv(text)) {
    if ('problem' in row) {
      report.invalid.push({ line: row.problem.line, reason: row.problem.message });
      break;
    }
    if (!columns) {
      columns = findColumns(row.cells);
      if (columns.email < 0) break;
      continue;
    }
    const problem = await importSubscriberRow(row.cells, columns, now, report);
    if (problem) report.invalid.push({ line: row.line, reason: problem });
  }
  if (!columns || columns.email < 0) {
    report.invalid.unshift({ line: 1, reason: 'The first line must name the columns, with one called "email".' });
  }
  return report;
}

function findColumns(headerCells: string[]) {
  const header = headerCells.map((h) => h.trim().toLowerCase().replace(/[\s-]+/g, '_'));
  const col = (name: string) => header.indexOf(name);
  return { email: col('email'), consent: Math.max(col('consent_at'), col('consentat'), col('subscribed_at'), col('created_at')) };
}

/** Stores one subscriber line; returns why it was refused, if it was. */
async function importSubscriberRow(cells: string[], columns: { email: number; consent: number }, now: Date, report: ImportReport): Promise<string | null> {
  const parsed = subscriberEmailSchema.safeParse(cells[columns.email] ?? '');
  if (!parsed.success) return `"${(cells[columns.email] ?? '').slice(0, 80)}" is not a valid email address`;
  const consentRaw = columns.consent >= 0 ? cells[columns.consent]?.trim() : '';
  const consentAt = consentRaw ? new Date(consentRaw) : now;
  if (Number.isNaN(consentAt.getTime())) return `"${consentRaw}" is not a date`;
  const created = await repo.insertSubscriber({ email: parsed.data, source: 'import', consentAt, status: 'confirmed', confirmedAt: consentAt });
  if (created) report.added++;
  else report.skipped++;
  return null;
}

/** Every subscriber as CSV, read a page at a time so memory stays flat. */
export async function* exportSubscribersCsv(): AsyncGenerator<string> {
  yield toCsv([['email', 'status', 'source', 'consent_at', 'confirmed_at', 'unsubscribed_at', 'bounced_at', 'created_at']]);
  const iso = (d: Date | null) => d?.toISOString() ?? '';
  for (let after = 0; ; ) {
    const page = await repo.findSubscribersPage(after, 1000);
    if (page.length === 0) return;
    yield toCsv(page.map((s) => [s.email, s.status, s.source, iso(s.consentAt), iso(s.confirmedAt), iso(s.unsubscribedAt), iso(s.bouncedAt), iso(s.createdAt)]));
    after = page.at(-1)!.id;
  }
}

export const searchSubscribers = (q: string) => repo.searchSubscribers(q.trim(), 50);

/** The subscribers the admin page lists (components/admin/newsletter-page.ts renders them). */
export type { SubscriberRow, SubscriberStatus } from './repository';
