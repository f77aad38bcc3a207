import 'server-only';
import { readyDb } from '../db-ready';

export type ReplyAddressRow = { id: number; email: string; confirmedAt: Date | null; confirmSentAt: Date | null; createdAt: Date };

export async function findReplyAddresses(emails: string[]): Promise<ReplyAddressRow[]> {
  return emails.length === 0 ? [] : (await readyDb()).replyAddress.findMany({ where: { email: { in: emails } } });
}

export async function findReplyAddressById(id: number): Promise<ReplyAddressRow | null> {
  return (await readyDb()).replyAddress.findUnique({ where: { id } });
}

/** The row for an address (lower-cased), made unconfirmed the first time it asks. */
export async function ensureReplyAddress(email: string): Promise<ReplyAddressRow> {
  return (await readyDb()).replyAddress.upsert({ where: { email }, create: { email }, update: {} });
}

/**
 * Records a confirmation email unless one went out after `since` or the address is confirmed:
 * true for the one caller that may send it (one a day per address, across instances).
 */
export async function claimReplyConfirmation(id: number, since: Date, now: Date): Promise<boolean> {
  const { count } = await (await readyDb()).replyAddress.updateMany({
    where: { id, confirmedAt: null, OR: [{ confirmSentAt: null }, { confirmSentAt: { lt: since } }] },
    data: { confirmSentAt: now },
  });
  return count === 1;
}

/** Undoes a claim whose email was not accepted, so the next pass may send it after all. */
export async function releaseReplyConfirmation(email: string, sentAt: Date): Promise<void> {
  await (await readyDb()).replyAddress.updateMany({ where: { email, confirmedAt: null, confirmSentAt: sentAt }, data: { confirmSentAt: null } });
}

/** Confirms the address only from its latest confirmation link (`sentAt`); true when this call did. */
export async function confirmReplyAddress(id: number, sentAt: Date, now: Date): Promise<boolean> {
  const { count } = await (await readyDb()).replyAddress.updateMany({
    where: { id, confirmedAt: null, confirmSentAt: sentAt },
    data: { confirmedAt: now },
  });
  return count === 1;
}
