import 'server-only';
import { readyDb } from '../db-ready';

export async function insertLoginToken(tokenHash: string, expiresAt: Date): Promise<void> {
  await (await readyDb()).loginToken.create({ data: { tokenHash, expiresAt } });
}

/** Marks the token used if it is unused and unexpired; true only for the one caller that did. */
export async function consumeLoginToken(tokenHash: string, now: Date): Promise<boolean> {
  const { count } = await (await readyDb()).loginToken.updateMany({
    where: { tokenHash, usedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
  });
  return count === 1;
}

/** Stores a new session; sessions that expired a week ago or more are cleared out on the way. */
export async function insertSession(idHash: string, now: Date, expiresAt: Date): Promise<void> {
  const db = await readyDb();
  await db.authorSession.deleteMany({ where: { expiresAt: { lt: new Date(now.getTime() - 7 * 24 * 3600 * 1000) } } });
  await db.authorSession.create({ data: { idHash, createdAt: now, lastSeenAt: now, expiresAt } });
}

export async function findLiveSession(idHash: string, now: Date): Promise<{ lastSeenAt: Date } | null> {
  return (await readyDb()).authorSession.findFirst({
    where: { idHash, revokedAt: null, expiresAt: { gt: now } },
    select: { lastSeenAt: true },
  });
}

export async function touchSession(idHash: string, now: Date): Promise<void> {
  await (await readyDb()).authorSession.updateMany({ where: { idHash, revokedAt: null }, data: { lastSeenAt: now } });
}

export async function revokeSession(idHash: string, now: Date): Promise<void> {
  await (await readyDb()).authorSession.updateMany({ where: { idHash, revokedAt: null }, data: { revokedAt: now } });
}

/** Revokes every session still open; returns how many. */
export async function revokeAllSessions(now: Date): Promise<number> {
  const { count } = await (await readyDb()).authorSession.updateMany({ where: { revokedAt: null }, data: { revokedAt: now } });
  return count;
}
