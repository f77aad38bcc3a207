import 'server-only';
import { Prisma } from '../db/client';
import { readyDb } from '../db-ready';
import { isUniqueViolation } from '../db/errors';
import { createGroupCommit } from './group-commit';

// The per-reader queries are plain SQL (the same on SQLite and PostgreSQL): Prisma's query
// compiler costs ~0.4 ms a row on createMany and ~30 ms per 500-row page, which alone would
// cap a send near 200 msg/s; the same statements as raw SQL cost a few ms a batch.

/** sending: claimed, the SMTP answer not yet recorded · sent: the server said 250 · bounced: 5xx · failed: gave up on 4xx. */
export type DeliveryStatus = 'sending' | 'sent' | 'failed' | 'bounced';
export type Reader = { id: number; email: string };
/** A confirmed reader with this send's delivery status for them (null: not claimed yet). */
export type ReaderDelivery = Reader & { status: DeliveryStatus | null };
export type DeliveryOutcome = { subscriberId: number; status: 'sent' | 'bounced' | 'failed'; attempts: number; error: string | null };
export type SendRecord = { id: number; slug: string; subject: string; startedAt: Date; finishedAt: Date | null };

export async function findSend(slug: string): Promise<SendRecord | null> {
  return (await readyDb()).newsletterSend.findUnique({ where: { slug } });
}

/** The one send row, made by the first run and found by every later one. */
export async function openSend(slug: string, subject: string): Promise<SendRecord> {
  return (await readyDb()).newsletterSend.upsert({ where: { slug }, create: { slug, subject }, update: {} });
}

export async function finishSend(sendId: number, at: Date): Promise<void> {
  await (await readyDb()).newsletterSend.update({ where: { id: sendId }, data: { finishedAt: at } });
}

export async function countConfirmedSubscribers(): Promise<number> {
  return (await readyDb()).subscriber.count({ where: { status: 'confirmed' } });
}

/**
 * The next `take` confirmed readers after `afterId` with their delivery status for this send, in
 * keyset order on the [status, id] index: one query a page, and memory stays flat however long the list.
 */
export async function findReaderPage(sendId: number, afterId: number, take: number): Promise<ReaderDelivery[]> {
  return (await readyDb()).$queryRaw<ReaderDelivery[]>`
    SELECT s."id", s."email", d."status" FROM "Subscriber" s
    LEFT JOIN "Delivery" d ON d."sendId" = ${sendId} AND d."subscriberId" = s."id"
    WHERE s."status" = 'confirmed' AND s."id" > ${afterId}
    ORDER BY s."id" LIMIT ${take}`;
}

export async function findSubscriberIdByEmail(email: string): Promise<number | null> {
  const row = await (await readyDb()).subscriber.findUnique({ where: { email }, select: { id: true } });
  return row?.id ?? null;
}

/** The delivery status of each of these readers that has a row for this send. */
/**
 * Claims readers before their messages go out, in one transaction: new rows for `fresh`, and
 * 'failed' rows back to 'sending' for `retried`. 'conflict' when another process claimed one first.
 */
export async function claimDeliveries(sendId: number, fresh: number[], retried: number[]): Promise<'claimed' | 'conflict'> {
  const db = await readyDb();
  const now = new Date();
  const writes = [];
  if (fresh.length > 0) {
    const rows = fresh.map((subscriberId) => Prisma.sql`(${sendId}, ${subscriberId}, 'sending', 0, ${now})`);
    writes.push(db.$executeRaw`INSERT INTO "Delivery" ("sendId", "subscriberId", "status", "attempts", "updatedAt") VALUES ${Prisma.join(rows)}`);
  }
  if (retried.length > 0) {
    writes.push(db.delivery.updateMany({ where: { sendId, subscriberId: { in: retried }, status: 'failed' }, data: { status: 'sending', error: null } }));
  }
  try {
    await db.$transaction(writes);
    return 'claimed';
  } catch (e) {
    if (isUniqueViolation(e)) return 'conflict';
    throw e;
  }
}

/** Drops claims whose message certainly never reached the server (a stop before the first try, or during a backoff). */
export async function releaseDeliveries(sendId: number, subscriberIds: number[]): Promise<void> {
  if (subscriberIds.length === 0) return;
  await (await readyDb()).delivery.deleteMany({ where: { sendId, subscriberId: { in: subscriberIds }, status: 'sending' } });
}

/** Records SMTP outcomes in one transaction; a bounce also marks the reader bounced so nothing mails them again. */
export async function recordOutcomes(sendId: number, outcomes: DeliveryOutcome[], now = new Date()): Promise<void> {
  const db = await readyDb();
  // Outcomes without an error (nearly all of them) share one statement per (status, attempts).
  const groups = new Map<string, { status: string; attempts: number; ids: number[] }>();
  const writes = [];
  for (const o of outcomes) {
    if (o.error === null) {
      const key = `${o.status}:${o.attempts}`;
      const group = groups.get(key) ?? groups.set(key, { status: o.status, attempts: o.attempts, ids: [] }).get(key)!;
      group.ids.push(o.subscriberId);
    } else {
      writes.push(db.$executeRaw`UPDATE "Delivery" SET "status" = ${o.status}, "attempts" = "attempts" + ${o.attempts}, "error" = ${o.error.slice(0, 500)}, "updatedAt" = ${now}
        WHERE "sendId" = ${sendId} AND "subscriberId" = ${o.subscriberId}`);
    }
  }
  for (const g of groups.values()) {
    writes.push(db.$executeRaw`UPDATE "Delivery" SET "status" = ${g.status}, "attempts" = "attempts" + ${g.attempts}, "updatedAt" = ${now}
      WHERE "sendId" = ${sendId} AND "subscriberId" IN (${Prisma.join(g.ids)})`);
  }
  const bounced = outcomes.filter((o) => o.status === 'bounced').map((o) => o.subscriberId);
  if (bounced.length) {
    writes.push(db.subscriber.updateMany({ where: { id: { in: bounced }, status: 'confirmed' }, data: { status: 'bounced', bouncedAt: now } }));
  }
  await db.$transaction(writes);
}

/**
 * Records outcomes as they come, by group commit without lingering (group-commit.ts): a lone
 * outcome is written at once, and those that arrive during a write share the next transaction
 * (one UPDATE per status), so at 1,000 msg/s many share one instead of each paying a transaction.
 * An accepted message stays unrecorded for at most the write in flight plus its own, which bounds
 * the duplicates a SIGKILL can cause. `record` resolves once the outcome is stored.
 */
export function createOutcomeRecorder(sendId: number, maxBatch = 250): { record: (outcome: DeliveryOutcome) => Promise<void> } {
  const commit = createGroupCommit<DeliveryOutcome>((batch) => recordOutcomes(sendId, batch), maxBatch);
  return { record: commit.add };
}


/** Every send, newest first, with its delivery counts (for the admin page). */
export async function listSends(): Promise<Array<SendRecord & { counts: Partial<Record<DeliveryStatus, number>> }>> {
  const db = await readyDb();
  const [sends, groups] = await Promise.all([
    db.newsletterSend.findMany({ orderBy: { startedAt: 'desc' } }),
    db.delivery.groupBy({ by: ['sendId', 'status'], _count: { _all: true } }),
  ]);
  return sends.map((send) => ({
    ...send,
    counts: Object.fromEntries(groups.filter((g) => g.sendId === send.id).map((g) => [g.status, g._count._all])),
  }));
}

/**
 * Takes (or renews) the send's lease for `owner` if it is free, lapsed, or already ours.
 * True when this caller holds it: one running send per issue across processes.
 */
export async function acquireLease(sendId: number, owner: string, now: Date, ttlMs: number): Promise<boolean> {
  const { count } = await (await readyDb()).newsletterSend.updateMany({
    where: { id: sendId, OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }, { leaseOwner: owner }] },
    data: { leaseOwner: owner, leaseUntil: new Date(now.getTime() + ttlMs) },
  });
  return count === 1;
}

export async function releaseLease(sendId: number, owner: string): Promise<void> {
  await (await readyDb()).newsletterSend.updateMany({ where: { id: sendId, leaseOwner: owner }, data: { leaseOwner: null, leaseUntil: null } });
}
