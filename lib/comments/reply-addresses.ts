/**
 * Who may get reply emails: an address that asked (a comment with "Email me when someone replies")
 * and then confirmed from the one email we sent it, and has not clicked "stop" since.
 */
import 'server-only';
import type { Result } from '../result';
import * as outbox from './notification-repository';
import * as addresses from './reply-address-repository';
import { readReplyConfirmToken, readReplyStopToken } from './reply-links';
import { emailKey } from '../email-address';

/** The lower-cased form every reply-address table is keyed by (one rule: lib/email-address.ts emailKey). */
export const addressKey = emailKey;

/** Of these addresses (lower-cased), the ones that confirmed they want reply emails. */
export async function findConfirmedAddresses(emails: string[]): Promise<Set<string>> {
  const rows = await addresses.findReplyAddresses(emails);
  return new Set(rows.filter((r) => r.confirmedAt !== null).map((r) => r.email));
}

/** Records that this address wants no more reply emails. */
export async function stopReplyEmails(email: string): Promise<void> {
  await outbox.addOptOut(addressKey(email));
}

/** The address a "stop reply emails" link names, when its signature holds and the row exists. */
export async function readReplyOptOut(token: string | null): Promise<string | null> {
  const read = readReplyStopToken(token);
  if (!read) return null;
  if ('email' in read) return read.email;
  return (await addresses.findReplyAddressById(read.rid))?.email ?? null;
}

/** The button behind the link from a reply email: stops that address's reply emails. */
export async function stopReplyEmailsByToken(token: string | null): Promise<Result<string, 'invalid-link'>> {
  const email = await readReplyOptOut(token);
  if (!email) return { ok: false, error: 'invalid-link' };
  await stopReplyEmails(email);
  return { ok: true, value: email };
}

type ConfirmState = 'ready' | 'confirmed' | 'stale';

/** What a confirmation link would do (for the page before the button); null when it is not ours. */
export async function describeReplyConfirm(token: string | null, now = new Date()): Promise<{ email: string; state: ConfirmState } | null> {
  const read = readReplyConfirmToken(token, now);
  const row = read ? await addresses.findReplyAddressById(read.rid) : null;
  if (!read || !row) return null;
  if (row.confirmedAt) return { email: row.email, state: 'confirmed' };
  // Only the latest link sent confirms: an older one found in a mailbox does nothing.
  return { email: row.email, state: row.confirmSentAt?.getTime() === read.sentAt.getTime() ? 'ready' : 'stale' };
}

/** The button on the confirmation page: from now on, replies to this address's comments are emailed. */
export async function confirmReplyEmails(token: string | null, now = new Date()): Promise<Result<{ email: string; state: ConfirmState }, 'invalid-link'>> {
  const described = await describeReplyConfirm(token, now);
  if (!described) return { ok: false, error: 'invalid-link' };
  if (described.state !== 'ready') return { ok: true, value: described };
  const read = readReplyConfirmToken(token, now)!;
  const done = await addresses.confirmReplyAddress(read.rid, read.sentAt, now);
  return { ok: true, value: { email: described.email, state: done ? 'ready' : 'confirmed' } };
}
