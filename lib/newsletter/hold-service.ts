import 'server-only';
import { err, ok, type Result } from '../result';
import { formatTimeLeft } from './hold';
import * as holds from './hold-repository';
import { readCancelToken } from './links';

/** invalid: tampered or incomplete link · expired: older than a week · released: the send has started · cancelled: already cancelled. */
export type CancelError = 'invalid' | 'expired' | 'released' | 'cancelled';
export type HeldSendView = { slug: string; subject: string; releaseAt: Date; timeLeft: string };

/** Sends waiting out their hold, soonest first, with the time each has left (for /admin). */
export async function getHeldSends(now = new Date()): Promise<HeldSendView[]> {
  const rows = await holds.findWaitingHeldSends();
  return rows.map((r) => ({ slug: r.slug, subject: r.subject, releaseAt: r.releaseAt, timeLeft: formatTimeLeft(r.releaseAt.getTime() - now.getTime()) }));
}

/** Whether the send waits out its hold (the admin send button leaves it to the hold). */
export function isHeld(slug: string): Promise<boolean> {
  return holds.isWaitingOutHold(slug);
}

/** What a cancel link would cancel, or why it would not (changes nothing: the GET page before the button). */
export async function checkCancelLink(token: string | null, now = new Date()): Promise<Result<HeldSendView, CancelError>> {
  const read = readCancelToken(token, now);
  if (read === 'expired') return err('expired');
  if (!read) return err('invalid');
  const row = await holds.findHeldSend(read.slug);
  if (!row || row.nonce !== read.nonce) return err('invalid');
  const state = stateOf(row);
  if (state) return err(state);
  return ok({ slug: row.slug, subject: row.subject, releaseAt: row.releaseAt, timeLeft: formatTimeLeft(row.releaseAt.getTime() - now.getTime()) });
}

/** The button behind a cancel link: cancels once; a replay, or a click after the release, is refused. */
export async function cancelByLink(token: string | null, now = new Date()): Promise<Result<{ subject: string }, CancelError>> {
  const read = readCancelToken(token, now);
  if (read === 'expired') return err('expired');
  if (!read) return err('invalid');
  return cancel(read.slug, now, read.nonce);
}

/** The Cancel button on /admin/newsletter (the caller checked the author's session). */
export function cancelAsAuthor(slug: string, now = new Date()): Promise<Result<{ subject: string }, CancelError>> {
  return cancel(slug, now);
}

async function cancel(slug: string, now: Date, nonce?: string): Promise<Result<{ subject: string }, CancelError>> {
  if (await holds.cancelIfHeld(slug, now, nonce)) {
    const row = await holds.findHeldSend(slug);
    return ok({ subject: row?.subject ?? slug });
  }
  const row = await holds.findHeldSend(slug);
  if (!row || (nonce !== undefined && row.nonce !== nonce)) return err('invalid');
  return err(stateOf(row) ?? 'released');
}

function stateOf(row: holds.HeldSendRow): 'released' | 'cancelled' | null {
  if (row.cancelledAt) return 'cancelled';
  return row.releasedAt ? 'released' : null;
}
