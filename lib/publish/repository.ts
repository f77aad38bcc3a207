import 'server-only';
import { isUniqueViolation } from '../db/errors';
import { readyDb } from '../db-ready';
import type { ContentProblem } from '../content/problems';
import type { ContentChanges } from './changes';

export type PublishVia = 'webhook' | 'command' | 'hook' | 'start';
export type PublishRecord = { seq: number; source: string; version: string; publishedAt: Date; via: string; changes: ContentChanges; warnings: ContentProblem[] };
export type RefusalRecord = { id: number; source: string; version: string; refusedAt: Date; via: string; problems: ContentProblem[] };

const EMPTY: ContentChanges = { added: [], changed: [], removed: [] };

function parseJson<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

type PublishRow = { seq: number; source: string; version: string; publishedAt: Date; via: string; changes: string; warnings: string };
const toPublish = (r: PublishRow): PublishRecord => ({ ...r, changes: parseJson(r.changes, EMPTY), warnings: parseJson(r.warnings, []) });

/** The live version of a source: its newest publish. */
export async function latestPublish(source: string): Promise<PublishRecord | null> {
  const row = await (await readyDb()).contentPublish.findFirst({ where: { source }, orderBy: { seq: 'desc' } });
  return row ? toPublish(row) : null;
}

/** Just the newest publish's number: what every instance asks each second. */
export async function latestSeq(source: string): Promise<number | null> {
  const row = await (await readyDb()).contentPublish.findFirst({ where: { source }, orderBy: { seq: 'desc' }, select: { seq: true } });
  return row?.seq ?? null;
}

export async function recentPublishes(source: string, take = 10): Promise<PublishRecord[]> {
  const rows = await (await readyDb()).contentPublish.findMany({ where: { source }, orderBy: { seq: 'desc' }, take });
  return rows.map(toPublish);
}

export async function recordPublish(p: { source: string; version: string; via: PublishVia; changes: ContentChanges; warnings: ContentProblem[] }): Promise<PublishRecord> {
  const row = await (await readyDb()).contentPublish.create({
    data: { source: p.source, version: p.version, via: p.via, changes: JSON.stringify(p.changes), warnings: JSON.stringify(p.warnings) },
  });
  return toPublish(row);
}

export async function recordRefusal(p: { source: string; version: string; via: PublishVia; problems: ContentProblem[] }): Promise<void> {
  await (await readyDb()).contentRefusal.create({ data: { source: p.source, version: p.version, via: p.via, problems: JSON.stringify(p.problems) } });
}

/** The newest refusal, if it came after the newest publish (a later publish settles it). */
export async function latestRefusal(source: string): Promise<RefusalRecord | null> {
  const row = await (await readyDb()).contentRefusal.findFirst({ where: { source }, orderBy: { id: 'desc' } });
  return row ? { ...row, problems: parseJson(row.problems, []) } : null;
}

/**
 * Takes the publish lease for `owner` if it is free, lapsed or already ours: one publish at a time
 * across every instance sharing the database.
 */
export async function acquirePublishLock(owner: string, now: Date, ttlMs: number): Promise<boolean> {
  const db = await readyDb();
  const leaseUntil = new Date(now.getTime() + ttlMs);
  const { count } = await db.publishLock.updateMany({
    where: { name: 'publish', OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }, { owner }] },
    data: { owner, leaseUntil },
  });
  if (count === 1) return true;
  try {
    await db.publishLock.create({ data: { name: 'publish', owner, leaseUntil } });
    return true;
  } catch (e) {
    if (isUniqueViolation(e)) return false;
    throw e;
  }
}

export async function releasePublishLock(owner: string): Promise<void> {
  await (await readyDb()).publishLock.updateMany({ where: { name: 'publish', owner }, data: { owner: null, leaseUntil: null } });
}
