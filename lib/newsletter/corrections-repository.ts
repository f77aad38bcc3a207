import 'server-only';
import { Prisma } from '../db/client';
import { readyDb } from '../db-ready';
import { isUniqueViolation } from '../db/errors';

/** held: waiting out its hold · sending: released · sent: done · quiet: never to be mailed · not-mailed: nobody had the issue · superseded: changed or removed during the hold. */
export type CorrectionStatus = 'held' | 'quiet' | 'sending' | 'sent' | 'not-mailed' | 'superseded';
export type CorrectionRow = {
  id: number; slug: string; key: string; title: string; note: string; day: string; version: string; seq: number; status: string;
  createdAt: Date; releaseAt: Date; previewAt: Date | null; finishedAt: Date | null;
};
export type NewCorrection = Pick<CorrectionRow, 'slug' | 'key' | 'title' | 'note' | 'day' | 'version' | 'seq' | 'releaseAt'> & { status: 'held' | 'quiet' };
export type Recipient = { id: number; email: string };

/** The recorded corrections of these issues (any of these keys), to know which are new and what day each shows. */
export async function findCorrections(slugs: string[]): Promise<CorrectionRow[]> {
  if (slugs.length === 0) return [];
  return (await readyDb()).correction.findMany({ where: { slug: { in: slugs } } });
}

/** Records a correction as first published; 'exists' when another publish (or instance) recorded it first. */
export async function createCorrection(row: NewCorrection): Promise<'created' | 'exists'> {
  try {
    await (await readyDb()).correction.create({ data: row });
    return 'created';
  } catch (e) {
    if (isUniqueViolation(e)) return 'exists';
    throw e;
  }
}

/** Corrections still waiting out their hold. */
export async function findHeldCorrections(): Promise<CorrectionRow[]> {
  return (await readyDb()).correction.findMany({ where: { status: 'held' } });
}

/** Drops a held correction whose note was changed or removed before its hold ended; false when it was released first. */
export async function supersedeCorrection(id: number, now: Date): Promise<boolean> {
  const { count } = await (await readyDb()).correction.updateMany({ where: { id, status: 'held' }, data: { status: 'superseded', finishedAt: now } });
  return count === 1;
}

/** Readers the correction would go to now: sent the issue, still confirmed. */
export async function countCorrectionRecipients(sendId: number): Promise<number> {
  const rows = await (await readyDb()).$queryRaw<Array<{ n: number | bigint }>>`
    SELECT COUNT(*) AS "n" FROM "Delivery" d JOIN "Subscriber" s ON s."id" = d."subscriberId"
    WHERE d."sendId" = ${sendId} AND d."status" = 'sent' AND s."status" = 'confirmed'`;
  return Number(rows[0]?.n ?? 0);
}

/** Drops claims whose email certainly did not go (the server was unreachable): the next run sends them. */
export async function releaseCorrectionClaims(correctionId: number, subscriberIds: number[]): Promise<void> {
  if (subscriberIds.length === 0) return;
  await (await readyDb()).correctionDelivery.deleteMany({ where: { correctionId, subscriberId: { in: subscriberIds }, status: 'sending' } });
}

/** Corrections to mail: held (waiting out their hold, or past it) or being sent, oldest first. */
export async function findActiveCorrections(): Promise<CorrectionRow[]> {
  return (await readyDb()).correction.findMany({ where: { status: { in: ['held', 'sending'] } }, orderBy: { id: 'asc' } });
}

/** Marks the author's preview as sent; false when another instance did first. */
export async function claimPreview(id: number, now: Date): Promise<boolean> {
  const { count } = await (await readyDb()).correction.updateMany({ where: { id, previewAt: null }, data: { previewAt: now } });
  return count === 1;
}

/** Takes (or renews) the correction's lease for `owner`: one instance mails it at a time. */
export async function acquireCorrectionLease(id: number, owner: string, now: Date, ttlMs: number): Promise<boolean> {
  const { count } = await (await readyDb()).correction.updateMany({
    where: { id, status: { in: ['held', 'sending'] }, OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }, { leaseOwner: owner }] },
    data: { leaseOwner: owner, leaseUntil: new Date(now.getTime() + ttlMs), status: 'sending' },
  });
  return count === 1;
}

/** Ends a correction (sent, not-mailed, superseded) and its lease. */
export async function finishCorrection(id: number, status: CorrectionStatus, now: Date): Promise<void> {
  await (await readyDb()).correction.update({ where: { id }, data: { status, finishedAt: now, leaseOwner: null, leaseUntil: null } });
}

/** Gives the lease back without finishing (the issue's own send is still running): the next tick tries again. */
export async function releaseCorrectionLease(id: number, owner: string): Promise<void> {
  await (await readyDb()).correction.updateMany({ where: { id, leaseOwner: owner }, data: { leaseOwner: null, leaseUntil: null } });
}

/**
 * Readers who were sent the issue (a 'sent' Delivery of its send), are still confirmed, and have
 * no correction email of this correction yet, in id order after `afterId`.
 */
export async function findCorrectionRecipients(correctionId: number, sendId: number, afterId: number, take: number): Promise<Recipient[]> {
  return (await readyDb()).$queryRaw<Recipient[]>`
    SELECT s."id", s."email" FROM "Delivery" d
    JOIN "Subscriber" s ON s."id" = d."subscriberId"
    LEFT JOIN "CorrectionDelivery" c ON c."correctionId" = ${correctionId} AND c."subscriberId" = s."id"
    WHERE d."sendId" = ${sendId} AND d."status" = 'sent' AND s."status" = 'confirmed' AND s."id" > ${afterId} AND c."subscriberId" IS NULL
    ORDER BY s."id" LIMIT ${take}`;
}

/** Claims readers before their correction email goes out; 'conflict' when another process claimed one first. */
export async function claimCorrectionDeliveries(correctionId: number, subscriberIds: number[], now: Date): Promise<'claimed' | 'conflict'> {
  if (subscriberIds.length === 0) return 'claimed';
  const rows = subscriberIds.map((id) => Prisma.sql`(${correctionId}, ${id}, 'sending', ${now})`);
  try {
    await (await readyDb()).$executeRaw`INSERT INTO "CorrectionDelivery" ("correctionId", "subscriberId", "status", "updatedAt") VALUES ${Prisma.join(rows)}`;
    return 'claimed';
  } catch (e) {
    if (isUniqueViolation(e)) return 'conflict';
    throw e;
  }
}

/** Records one reader's outcome. */
export async function recordCorrectionDelivery(correctionId: number, subscriberId: number, status: 'sent' | 'failed' | 'bounced', error: string | null): Promise<void> {
  await (await readyDb()).correctionDelivery.update({
    where: { correctionId_subscriberId: { correctionId, subscriberId } },
    data: { status, error: error?.slice(0, 500) ?? null },
  });
}

/** Counts of a correction's emails by status (for logs and tests). */
export async function countCorrectionDeliveries(correctionId: number): Promise<Record<string, number>> {
  const groups = await (await readyDb()).correctionDelivery.groupBy({ by: ['status'], where: { correctionId }, _count: { _all: true } });
  return Object.fromEntries(groups.map((g) => [g.status, g._count._all]));
}
