/**
 * Scheduled issues: an issue whose `liveAt` is still to come is invisible until then.
 * Pure: the clock is always a parameter, so every instance given the same time agrees.
 */
import type { Issue } from './load';

type Schedulable = Pick<Issue, 'draft' | 'liveAt'>;

const liveTime = (issue: Schedulable) => Date.parse(issue.liveAt);

/** True when readers may see the issue at `now`: not a draft, and its time has come. */
export function isLive(issue: Schedulable, now: Date): boolean {
  return !issue.draft && liveTime(issue) <= now.getTime();
}

/** The issues readers may see at `now`, in the order given. */
export function liveIssues<T extends Schedulable>(issues: readonly T[], now: Date): T[] {
  return issues.filter((i) => isLive(i, now));
}

/** Issues that are not drafts and go live after `now`, soonest first (same moment: by title). */
export function scheduledIssues<T extends Schedulable & Pick<Issue, 'title'>>(issues: readonly T[], now: Date): T[] {
  return issues
    .filter((i) => !i.draft && liveTime(i) > now.getTime())
    .sort((a, b) => liveTime(a) - liveTime(b) || a.title.localeCompare(b.title));
}

/** The next moment after `now` at which an issue goes live, or null when none is scheduled. */
export function nextGoLive(issues: readonly Schedulable[], now: Date): Date | null {
  let next: number | null = null;
  for (const issue of issues) {
    const t = liveTime(issue);
    if (!issue.draft && t > now.getTime() && (next === null || t < next)) next = t;
  }
  return next === null ? null : new Date(next);
}

/** "2026-12-24T07:00:00.000Z" → "2026-12-24 07:00 UTC" (seconds only when there are some). */
export function formatGoLive(liveAt: string): string {
  const iso = new Date(liveAt).toISOString();
  const seconds = iso.slice(17, 19);
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}${seconds === '00' ? '' : `:${seconds}`} UTC`;
}

/** How long from `now` until `then`, roughly: "in 3 days", "in 5 hours", "in 12 minutes". */
export function formatWait(now: Date, then: Date): string {
  const minutes = Math.floor((then.getTime() - now.getTime()) / 60_000);
  if (minutes < 1) return 'in less than a minute';
  const hours = Math.floor(minutes / 60);
  const days = Math.floor(hours / 24);
  const [n, unit] = days >= 2 ? [days, 'day'] : hours >= 1 ? [hours, 'hour'] : [minutes, 'minute'];
  return `in ${n} ${unit}${n === 1 ? '' : 's'}`;
}
