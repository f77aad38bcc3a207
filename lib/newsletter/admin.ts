import 'server-only';
import { toCsvLine, parseCsv } from '../csv';
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
  const rows = parseCsv(text);
  const header = (rows[0] ?? []).map((h) => h.trim().toLowerCase().replace(/[\s-]+/g, '_'));
  const col = (name: string) => header.indexOf(name);
  const emailCol = col('email');
  const report: ImportReport = { added: 0, skipped: 0, invalid: [] };
  if (emailCol < 0) {
    report.invalid.push({ line: 1, reason: 'The first line must name the columns, with one called "email".' });
    return report;
  }
  const consentCol = Math.max(col('consent_at'), col('consentat'), col('subscribed_at'), col('created_at'));
  for (let i = 1; i < rows.length; i++) {
    const cells = rows[i]!;
    const parsed = subscriberEmailSchema.safeParse(cells[emailCol] ?? '');
    if (!parsed.success) {
      report.invalid.push({ line: i + 1, reason: `"${(cells[emailCol] ?? '').slice(0, 80)}" is not a valid email address` });
      continue;
    }
    const consentRaw = consentCol >= 0 ? cells[consentCol]?.trim() : '';
    const consentAt = consentRaw ? new Date(consentRaw) : now;
    if (Number.isNaN(consentAt.getTime())) {
      report.invalid.push({ line: i + 1, reason: `"${consentRaw}" is not a date` });
      continue;
    }
    const created = await repo.insertSubscriber({ email: parsed.data, source: 'import', consentAt, status: 'confirmed', confirmedAt: consentAt });
    if (created) report.added++;
    else report.skipped++;
  }
  return report;
}

/** Every subscriber as CSV, read a page at a time so memory stays flat. */
export async function* exportSubscribersCsv(): AsyncGenerator<string> {
  yield `${toCsvLine(['email', 'status', 'source', 'consent_at', 'confirmed_at', 'unsubscribed_at', 'bounced_at', 'created_at'])}\n`;
  const iso = (d: Date | null) => d?.toISOString() ?? '';
  for (let after = 0; ; ) {
    const page = await repo.findSubscribersPage(after, 1000);
    if (page.length === 0) return;
    yield page.map((s) => toCsvLine([s.email, s.status, s.source, iso(s.consentAt), iso(s.confirmedAt), iso(s.unsubscribedAt), iso(s.bouncedAt), iso(s.createdAt)])).join('\n') + '\n';
    after = page.at(-1)!.id;
  }
}

export const searchSubscribers = (q: string) => repo.searchSubscribers(q.trim(), 50);
