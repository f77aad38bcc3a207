import 'server-only';
import { readyDb } from '../db-ready';
import { isUniqueViolation } from '../db/errors';

export type SubscriberStatus = 'pending' | 'confirmed' | 'unsubscribed' | 'bounced';
export type SubscriberRow = {
  id: number;
  email: string;
  status: string;
  source: string;
  consentAt: Date | null;
  createdAt: Date;
  confirmedAt: Date | null;
  unsubscribedAt: Date | null;
  bouncedAt: Date | null;
  confirmSentAt: Date | null;
};

export async function findSubscriberByEmail(email: string): Promise<SubscriberRow | null> {
  return (await readyDb()).subscriber.findUnique({ where: { email } });
}

export async function findSubscriberById(id: number): Promise<SubscriberRow | null> {
  return (await readyDb()).subscriber.findUnique({ where: { id } });
}

/** Creates a pending subscriber; null when the address appeared concurrently (the caller re-reads). */
export async function insertSubscriber(data: { email: string; source: string; consentAt: Date; status?: SubscriberStatus; confirmedAt?: Date | null; createdAt?: Date }): Promise<SubscriberRow | null> {
  try {
    return await (await readyDb()).subscriber.create({ data: { status: 'pending', ...data } });
  } catch (e) {
    if (isUniqueViolation(e)) return null;
    throw e;
  }
}

export async function updateSubscriber(id: number, data: Partial<Omit<SubscriberRow, 'id' | 'email' | 'createdAt'>>): Promise<SubscriberRow> {
  return (await readyDb()).subscriber.update({ where: { id }, data });
}

/**
 * Marks the address confirmed only if it was not already: true for the one caller that did
 * (so the welcome email goes out once, however often the link is clicked).
 */
export async function confirmIfNot(id: number, now: Date): Promise<boolean> {
  const { count } = await (await readyDb()).subscriber.updateMany({
    where: { id, status: { not: 'confirmed' } },
    data: { status: 'confirmed', confirmedAt: now, unsubscribedAt: null, bouncedAt: null },
  });
  return count === 1;
}

/** Records a confirmation email unless one went out after `since` (one per address per minute). */
export async function claimConfirmationSend(id: number, since: Date, now: Date): Promise<boolean> {
  const { count } = await (await readyDb()).subscriber.updateMany({
    where: { id, OR: [{ confirmSentAt: null }, { confirmSentAt: { lt: since } }] },
    data: { confirmSentAt: now },
  });
  return count === 1;
}

export async function countSubscribersByStatus(): Promise<Record<SubscriberStatus, number>> {
  const rows = await (await readyDb()).subscriber.groupBy({ by: ['status'], _count: { _all: true } });
  const out: Record<SubscriberStatus, number> = { pending: 0, confirmed: 0, unsubscribed: 0, bounced: 0 };
  for (const r of rows) if (r.status in out) out[r.status as SubscriberStatus] = r._count._all;
  return out;
}

export async function countConfirmed(): Promise<number> {
  return (await readyDb()).subscriber.count({ where: { status: 'confirmed' } });
}

/** Confirmation days of everyone ever confirmed (for the growth chart), oldest first. */
export async function findConfirmationDates(): Promise<Array<{ confirmedAt: Date | null; status: string; unsubscribedAt: Date | null }>> {
  return (await readyDb()).subscriber.findMany({
    where: { confirmedAt: { not: null } },
    select: { confirmedAt: true, status: true, unsubscribedAt: true },
    orderBy: { confirmedAt: 'asc' },
  });
}

export async function searchSubscribers(query: string, take = 50): Promise<SubscriberRow[]> {
  return (await readyDb()).subscriber.findMany({
    where: query ? { email: { contains: query } } : {},
    orderBy: { id: 'desc' },
    take,
  });
}

/** A page of subscribers after `afterId` (keyset pagination keeps memory flat for exports). */
export async function findSubscribersPage(afterId: number, take: number): Promise<SubscriberRow[]> {
  return (await readyDb()).subscriber.findMany({ where: { id: { gt: afterId } }, orderBy: { id: 'asc' }, take });
}
