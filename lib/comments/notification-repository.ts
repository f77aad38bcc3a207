import 'server-only';
import { readyDb } from '../db-ready';
import { isUniqueViolation } from '../db/errors';

export type NotificationRow = {
  id: number;
  kind: string;
  commentId: string;
  recipient: string;
  status: string;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
};

/** Adds an outbox row unless the same (kind, comment, recipient) exists: the database enforces "once". */
export async function insertIfNew(data: { kind: string; commentId: string; recipient: string }): Promise<boolean> {
  try {
    await (await readyDb()).notification.create({ data });
    return true;
  } catch (e) {
    if (isUniqueViolation(e)) return false;
    throw e;
  }
}

export async function findDeliverable(maxAttempts: number): Promise<NotificationRow[]> {
  return (await readyDb()).notification.findMany({
    where: { status: 'pending', kind: { not: 'digest' }, attempts: { lt: maxAttempts } },
    orderBy: { id: 'asc' },
    take: 200,
  });
}

export async function findPendingDigest(): Promise<NotificationRow[]> {
  return (await readyDb()).notification.findMany({ where: { status: 'pending', kind: 'digest' }, orderBy: { id: 'asc' } });
}

/** pending → sending, only if still pending; true when this caller won the row. */
export async function claim(id: number): Promise<boolean> {
  const { count } = await (await readyDb()).notification.updateMany({
    where: { id, status: 'pending' },
    data: { status: 'sending', attempts: { increment: 1 } },
  });
  return count === 1;
}

export async function finish(id: number, status: 'sent' | 'failed' | 'pending', sentAt: Date | null, lastError?: string): Promise<void> {
  // updateMany: a row removed meanwhile (an erased comment) is not an error.
  await (await readyDb()).notification.updateMany({ where: { id }, data: { status, sentAt, lastError: lastError ?? null } });
}

export async function findOptOuts(emails: string[]): Promise<Set<string>> {
  const rows = await (await readyDb()).replyOptOut.findMany({ where: { email: { in: emails } } });
  return new Set(rows.map((r) => r.email));
}

export async function addOptOut(email: string): Promise<void> {
  await (await readyDb()).replyOptOut.upsert({ where: { email }, create: { email }, update: {} });
}
