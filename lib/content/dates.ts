/**
 * Dates in Masthead: a calendar day written YYYY-MM-DD (midnight UTC), or a date and time with
 * its zone (ISO 8601, `2026-12-24T08:00:00+01:00` or `…Z`). The day readers see is the day as
 * written, in the zone given: what the author typed, never shifted to UTC.
 */
import { err, ok, type Result } from '../result';

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
// The zone is optional here only so that a missing one gets its own message.
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?$/;

/** A parsed `date`: the day readers see and the instant it names (ISO, UTC). */
export type Moment = { day: string; instant: string; hasTime: boolean };
export type MomentError = 'not-a-date' | 'no-zone' | 'not-a-real-date' | 'not-a-real-time';

/** True when `text` is YYYY-MM-DD and names a day that exists (no 30 February). */
export function isRealIsoDate(text: string): boolean {
  const m = ISO_DAY.exec(text);
  return m !== null && isRealDay(Number(m[1]), Number(m[2]), Number(m[3]));
}

function isRealDay(y: number, mo: number, d: number): boolean {
  const date = new Date(Date.UTC(y, mo - 1, d));
  date.setUTCFullYear(y); // Date.UTC maps years 0–99 to 1900–1999
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** Reads a day (`2026-12-24`, midnight UTC) or a date-time with an explicit zone. */
export function parseMoment(text: string): Result<Moment, MomentError> {
  const day = ISO_DAY.exec(text);
  if (day) {
    if (!isRealIsoDate(text)) return err('not-a-real-date');
    return ok({ day: text, instant: toDate(text).toISOString(), hasTime: false });
  }
  const m = ISO_DATE_TIME.exec(text);
  if (!m) return err('not-a-date');
  const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as [number, number, number, number, number, number];
  if (!isRealDay(y, mo, d)) return err('not-a-real-date');
  const zone = m[8];
  if (h > 23 || mi > 59 || s > 59) return err('not-a-real-time');
  if (zone === undefined) return err('no-zone');
  const offsetMinutes = zone === 'Z' ? 0 : zoneMinutes(zone);
  if (offsetMinutes === null) return err('not-a-real-time');
  const ms = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3));
  const local = new Date(Date.UTC(y, mo - 1, d, h, mi, s, ms));
  local.setUTCFullYear(y);
  return ok({ day: text.slice(0, 10), instant: new Date(local.getTime() - offsetMinutes * 60_000).toISOString(), hasTime: true });
}

/** "+01:00" → 60, "-05:30" → -330; null for an offset no clock uses (hours > 23, minutes > 59). */
function zoneMinutes(zone: string): number | null {
  const hours = Number(zone.slice(1, 3));
  const minutes = Number(zone.slice(4, 6));
  if (hours > 23 || minutes > 59) return null;
  return (zone[0] === '-' ? -1 : 1) * (hours * 60 + minutes);
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
