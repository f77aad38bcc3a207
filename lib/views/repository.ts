import 'server-only';
import { randomBytes } from 'node:crypto';
import { Prisma, type Db } from '../db/client';
import { readyDb } from '../db-ready';

// Plain SQL that means the same on SQLite and PostgreSQL. Counting is one transaction a batch:
// the new readers are the visitor rows that were actually inserted (ON CONFLICT DO NOTHING
// RETURNING), capped per address by an upsert's RETURNING, and only those become views and
// increments, so concurrent writers, on one instance or several, can neither lose nor double a view.

/**
 * A candidate view, with the day's hashes (see counter.ts): `reader` (address + user agent + issue),
 * `address` (address + issue: the per-address cap) and `referrerReader` (address + referring domain).
 */
export type PendingView = {
  day: string;
  reader: string;
  address: string;
  referrerReader: string | null;
  slug: string;
  referrer: string | null;
  at: Date;
};

/** The salt for `day`: the first instance to ask makes it, every other one reads the same. */
export async function findOrCreateSalt(day: string): Promise<string> {
  const db = await readyDb();
  const fresh = randomBytes(32).toString('base64url');
  await db.$executeRaw`INSERT INTO "ViewSalt" ("day", "salt") VALUES (${day}, ${fresh}) ON CONFLICT ("day") DO NOTHING`;
  const rows = await db.$queryRaw<Array<{ salt: string }>>`SELECT "salt" FROM "ViewSalt" WHERE "day" = ${day}`;
  return rows[0]!.salt;
}

/**
 * Stores a batch of candidate views; returns how many were counted: new readers today, and among
 * them only the first `perAddress` an address brought to an issue today. The cap is decided by the
 * database too: the address's row is incremented by this batch's new readers and RETURNING gives
 * the total after it, so the readers counted are those that fit under `perAddress` before it,
 * however many instances write at once (the row lock orders them).
 */
export async function insertViews(views: PendingView[], perAddress: number): Promise<number> {
  if (views.length === 0) return 0;
  // One order for every writer (table by table, key by key), so two transactions never wait on each other in a cycle.
  const sorted = uniqueSorted(views, (v) => `${v.day}:${v.reader}`);
  const db = await readyDb();
  return db.$transaction(async (tx) => {
    const fresh = await insertNewKeys(tx, sorted.map((v) => [v.day, v.reader]));
    const readers = sorted.filter((v) => fresh.has(`${v.day}:${v.reader}`));
    if (readers.length === 0) return 0;
    const counted = await takeWithinCap(tx, readers, perAddress);
    if (counted.length === 0) return 0;
    const rows = counted.map((v) => Prisma.sql`(${v.slug}, ${v.day}, ${v.referrer}, ${v.at})`);
    await tx.$executeRaw`INSERT INTO "PageView" ("slug", "day", "referrer", "at") VALUES ${Prisma.join(rows)}`;
    await addToTotals(tx, tally(counted.map((v) => v.slug)));
    await addReferrerReaders(tx, counted);
    return counted.length;
  });
}

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

/** Inserts (day, hash) keys into the day's hash set; returns the `day:hash` of those that were new. */
async function insertNewKeys(tx: Tx, keys: Array<[string, string]>): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const values = keys.map(([day, hash]) => Prisma.sql`(${day}, ${hash})`);
  const inserted = await tx.$queryRaw<Array<{ day: string; hash: string }>>`
    INSERT INTO "ViewVisitor" ("day", "hash") VALUES ${Prisma.join(values)} ON CONFLICT DO NOTHING RETURNING "day", "hash"`;
  return new Set(inserted.map((r) => `${r.day}:${r.hash}`));
}

/** The new readers that fit under each address's cap for its issue today. */
async function takeWithinCap(tx: Tx, readers: PendingView[], perAddress: number): Promise<PendingView[]> {
  const byAddress = new Map<string, PendingView[]>();
  for (const v of readers) {
    const key = `${v.day}:${v.address}`;
    const group = byAddress.get(key);
    if (group) group.push(v);
    else byAddress.set(key, [v]);
  }
  const keys = [...byAddress.keys()].sort();
  const rows = keys.map((k) => {
    const group = byAddress.get(k)!;
    return Prisma.sql`(${group[0]!.day}, ${group[0]!.address}, ${group.length})`;
  });
  const after = await tx.$queryRaw<Array<{ day: string; hash: string; readers: number | bigint }>>`
    INSERT INTO "ViewAddress" ("day", "hash", "readers") VALUES ${Prisma.join(rows)}
    ON CONFLICT ("day", "hash") DO UPDATE SET "readers" = "ViewAddress"."readers" + excluded."readers" RETURNING "day", "hash", "readers"`;
  const totals = new Map(after.map((r) => [`${r.day}:${r.hash}`, Number(r.readers)]));
  return keys.flatMap((k) => {
    const group = byAddress.get(k)!;
    const before = totals.get(k)! - group.length;
    return group.slice(0, Math.max(0, perAddress - before));
  });
}

/** Counts, per referring domain and day, the addresses that came from it for the first time today. */
async function addReferrerReaders(tx: Tx, counted: PendingView[]): Promise<void> {
  const referred = uniqueSorted(
    counted.filter((v) => v.referrer && v.referrerReader),
    (v) => `${v.day}:${v.referrerReader}`,
  );
  const fresh = await insertNewKeys(tx, referred.map((v) => [v.day, v.referrerReader!]));
  const firsts = tally(referred.filter((v) => fresh.has(`${v.day}:${v.referrerReader}`)).map((v) => `${v.referrer}\n${v.day}`));
  if (firsts.size === 0) return;
  const rows = [...firsts].sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, n]) => {
    const [domain, day] = key.split('\n') as [string, string];
    return Prisma.sql`(${domain}, ${day}, ${n})`;
  });
  await tx.$executeRaw`INSERT INTO "ReferrerReaders" ("domain", "day", "readers") VALUES ${Prisma.join(rows)}
    ON CONFLICT ("domain", "day") DO UPDATE SET "readers" = "ReferrerReaders"."readers" + excluded."readers"`;
}

/** One item per key (the last given), in key order. */
function uniqueSorted<T>(items: T[], key: (item: T) => string): T[] {
  return [...new Map(items.map((item) => [key(item), item]))].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, item]) => item);
}

async function addToTotals(tx: Tx | Db, bySlug: Map<string, number>): Promise<void> {
  const rows = [...bySlug].sort(([a], [b]) => (a < b ? -1 : 1)).map(([slug, n]) => Prisma.sql`(${slug}, ${n}, 0)`);
  if (rows.length === 0) return;
  await tx.$executeRaw`INSERT INTO "IssueViews" ("slug", "counted", "imported") VALUES ${Prisma.join(rows)}
    ON CONFLICT ("slug") DO UPDATE SET "counted" = "IssueViews"."counted" + excluded."counted"`;
}

function tally<K>(keys: K[]): Map<K, number> {
  const out = new Map<K, number>();
  for (const k of keys) out.set(k, (out.get(k) ?? 0) + 1);
  return out;
}

/** Drops the salts, reader hashes and address counters of days before `today`: from then on no view can be tied to anyone. */
export async function forgetVisitorsBefore(today: string): Promise<void> {
  const db = await readyDb();
  await db.$transaction([
    db.$executeRaw`DELETE FROM "ViewSalt" WHERE "day" < ${today}`,
    db.$executeRaw`DELETE FROM "ViewVisitor" WHERE "day" < ${today}`,
    db.$executeRaw`DELETE FROM "ViewAddress" WHERE "day" < ${today}`,
  ]);
}

/**
 * Rolls the detailed views of days before `cutoff` into daily totals, a day per transaction. The
 * rows are taken by DELETE … RETURNING, so two instances rolling up at once take disjoint rows
 * and nothing is added twice. Returns the number of views rolled up.
 */
export async function rollUpBefore(cutoff: string): Promise<number> {
  const db = await readyDb();
  let total = 0;
  for (;;) {
    const next = await db.$queryRaw<Array<{ day: string }>>`SELECT "day" FROM "PageView" WHERE "day" < ${cutoff} ORDER BY "day" LIMIT 1`;
    const day = next[0]?.day;
    if (!day) return total;
    total += await db.$transaction(async (tx) => {
      const taken = await tx.$queryRaw<Array<{ slug: string; referrer: string | null }>>`
        DELETE FROM "PageView" WHERE "day" = ${day} RETURNING "slug", "referrer"`;
      const views = [...tally(taken.map((r) => r.slug))].sort(([a], [b]) => (a < b ? -1 : 1));
      if (views.length > 0) {
        await tx.$executeRaw`INSERT INTO "ViewDaily" ("slug", "day", "views") VALUES ${Prisma.join(views.map(([slug, n]) => Prisma.sql`(${slug}, ${day}, ${n})`))}
          ON CONFLICT ("slug", "day") DO UPDATE SET "views" = "ViewDaily"."views" + excluded."views"`;
      }
      const referred = [...tally(taken.filter((r) => r.referrer).map((r) => `${r.slug}\n${r.referrer}`))].sort(([a], [b]) => (a < b ? -1 : 1));
      if (referred.length > 0) {
        const rows = referred.map(([key, n]) => {
          const [slug, domain] = key.split('\n') as [string, string];
          return Prisma.sql`(${slug}, ${day}, ${domain}, ${n})`;
        });
        await tx.$executeRaw`INSERT INTO "ReferrerDaily" ("slug", "day", "domain", "views") VALUES ${Prisma.join(rows)}
          ON CONFLICT ("slug", "day", "domain") DO UPDATE SET "views" = "ReferrerDaily"."views" + excluded."views"`;
      }
      return taken.length;
    });
  }
}

/** Sets the imported (historical) count of each issue; running the same import again changes nothing. */
export async function setImportedViews(counts: Array<{ slug: string; views: number }>): Promise<void> {
  if (counts.length === 0) return;
  const db = await readyDb();
  const rows = counts.map((c) => Prisma.sql`(${c.slug}, 0, ${c.views})`);
  await db.$executeRaw`INSERT INTO "IssueViews" ("slug", "counted", "imported") VALUES ${Prisma.join(rows)}
    ON CONFLICT ("slug") DO UPDATE SET "imported" = excluded."imported"`;
}

/** Each issue's displayed total: counted here plus imported. */
export async function findTotals(): Promise<Map<string, number>> {
  const rows = await (await readyDb()).issueViews.findMany();
  return new Map(rows.map((r) => [r.slug, r.counted + r.imported]));
}

/** Views per (slug, day) from `since` on: rolled-up days and detailed days together. */
export async function findDailyViews(since: string): Promise<Array<{ slug: string; day: string; views: number }>> {
  const db = await readyDb();
  const rows = await db.$queryRaw<Array<{ slug: string; day: string; views: number | bigint }>>`
    SELECT "slug", "day", COUNT(*) AS "views" FROM "PageView" WHERE "day" >= ${since} GROUP BY "slug", "day"
    UNION ALL
    SELECT "slug", "day", "views" FROM "ViewDaily" WHERE "day" >= ${since}`;
  return rows.map((r) => ({ slug: r.slug, day: r.day, views: Number(r.views) }));
}

/**
 * Views per referring domain from `since` on, most first: only domains that on some day since then
 * brought at least `minReaders` distinct addresses, so one address cannot list a domain by itself.
 */
export async function findReferrers(since: string, limit: number, minReaders: number): Promise<Array<{ domain: string; views: number }>> {
  const db = await readyDb();
  const rows = await db.$queryRaw<Array<{ domain: string; views: number | bigint }>>`
    SELECT "domain", SUM("views") AS "views" FROM (
      SELECT "referrer" AS "domain", COUNT(*) AS "views" FROM "PageView" WHERE "day" >= ${since} AND "referrer" IS NOT NULL GROUP BY "referrer"
      UNION ALL
      SELECT "domain", SUM("views") AS "views" FROM "ReferrerDaily" WHERE "day" >= ${since} GROUP BY "domain"
    ) AS "both"
    WHERE "domain" IN (SELECT "domain" FROM "ReferrerReaders" WHERE "day" >= ${since} AND "readers" >= ${minReaders})
    GROUP BY "domain" ORDER BY SUM("views") DESC, "domain" LIMIT ${limit}`;
  return rows.map((r) => ({ domain: r.domain, views: Number(r.views) }));
}
