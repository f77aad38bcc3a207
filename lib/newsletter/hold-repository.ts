import 'server-only';
import { readyDb } from '../db-ready';
import { isUniqueViolation } from '../db/errors';

/** An issue's send waiting out its hold, or past it (see HeldSend in prisma/models.prisma). */
export type HeldSendRow = {
  slug: string; subject: string; nonce: string; heldAt: Date; releaseAt: Date;
  cancelledAt: Date | null; releasedAt: Date | null; finishedAt: Date | null;
};

/** Records the hold; 'exists' when this issue has one already (another push, instance or restart made it). */
export async function createHeldSend(row: Pick<HeldSendRow, 'slug' | 'subject' | 'nonce' | 'heldAt' | 'releaseAt'>): Promise<'created' | 'exists'> {
  try {
    await (await readyDb()).heldSend.create({ data: row });
    return 'created';
  } catch (e) {
    if (isUniqueViolation(e)) return 'exists';
    throw e;
  }
}

export async function findHeldSend(slug: string): Promise<HeldSendRow | null> {
  return (await readyDb()).heldSend.findUnique({ where: { slug } });
}

/** Sends due and not done: past their hold, not cancelled, not finished (a stopped run is resumed). */
export async function findDueHeldSends(now: Date): Promise<HeldSendRow[]> {
  return (await readyDb()).heldSend.findMany({ where: { finishedAt: null, cancelledAt: null, releaseAt: { lte: now } }, orderBy: { releaseAt: 'asc' } });
}

/** Sends still waiting out their hold, soonest first. */
export async function findWaitingHeldSends(): Promise<HeldSendRow[]> {
  return (await readyDb()).heldSend.findMany({ where: { releasedAt: null, cancelledAt: null }, orderBy: { releaseAt: 'asc' } });
}

/** The soonest release of a send neither cancelled nor finished (null: none). */
export async function findNextReleaseAt(): Promise<Date | null> {
  const row = await (await readyDb()).heldSend.findFirst({ where: { finishedAt: null, cancelledAt: null }, orderBy: { releaseAt: 'asc' }, select: { releaseAt: true } });
  return row?.releaseAt ?? null;
}

/**
 * Ends the hold: from here on it cannot be cancelled. Conditional on "not cancelled", so a cancel
 * and a release racing each other cannot both win. True when the send may go (now or earlier).
 */
export async function markReleased(slug: string, now: Date): Promise<boolean> {
  const db = await readyDb();
  await db.heldSend.updateMany({ where: { slug, cancelledAt: null, releasedAt: null }, data: { releasedAt: now } });
  const row = await db.heldSend.findUnique({ where: { slug }, select: { cancelledAt: true, releasedAt: true } });
  return row !== null && row.cancelledAt === null && row.releasedAt !== null;
}

export async function markFinished(slug: string, now: Date): Promise<void> {
  await (await readyDb()).heldSend.updateMany({ where: { slug, finishedAt: null }, data: { finishedAt: now } });
}

/** Cancels a send still in its hold; false when it was released or cancelled first (the same condition as markReleased). */
export async function cancelIfHeld(slug: string, now: Date, nonce?: string): Promise<boolean> {
  const { count } = await (await readyDb()).heldSend.updateMany({
    where: { slug, cancelledAt: null, releasedAt: null, ...(nonce !== undefined ? { nonce } : {}) },
    data: { cancelledAt: now },
  });
  return count === 1;
}

/** Whether the send is held: neither released nor cancelled yet. */
export async function isWaitingOutHold(slug: string): Promise<boolean> {
  const row = await findHeldSend(slug);
  return row !== null && row.releasedAt === null && row.cancelledAt === null;
}
