/** Dates in Masthead are calendar days written YYYY-MM-DD, interpreted in UTC. */

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when `text` is YYYY-MM-DD and names a day that exists (no 30 February). */
export function isRealIsoDate(text: string): boolean {
  const m = ISO_DAY.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

// Building an Intl formatter is costly; a page with thousands of dated comments needs just one.
const HUMAN_DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** "2023-07-21" → "21 July 2023". */
export function formatHumanDate(isoDay: string): string {
  return HUMAN_DATE.format(toDate(isoDay));
}

/** "2023-07-21" → a Date at midnight UTC. */
export function toDate(isoDay: string): Date {
  return new Date(`${isoDay}T00:00:00Z`);
}

/** The year of an ISO day, as a number. */
export function yearOf(isoDay: string): number {
  return Number(isoDay.slice(0, 4));
}
