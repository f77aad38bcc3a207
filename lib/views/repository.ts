import 'server-only';
import { randomBytes } from 'node:crypto';
import { Prisma, type Db } from '../db/client';
import { readyDb } from '../db-ready';

// Plain SQL that means the same on SQLite and PostgreSQL. Counting is one transaction a batch:
// the new readers are the visitor rows that were actually inserted (ON CONFLICT DO NOTHING
// RETURNING), and only those become views and increments, so concurrent writers, on one instance
// or several, can neither lose nor double a view.

export type PendingView = { day: string; hash: string; slug: string; referrer: string | null; at: Date };

/** The salt for `day`: the first instance to ask makes it, every other one reads the same. */
export async function findOrCreateSalt(day: string): Promise<string> {
  const db = await readyDb();
  const fresh = randomBytes(32).toString('base64url');
  await db.$executeRaw`INSERT INTO "ViewSalt" ("day", "salt") VALUES (${day}, ${fresh}) ON CONFLICT ("day") DO NOTHING`;
  const rows = await db.$queryRaw<Array<{ salt: string }>>`SELECT "salt" FROM "ViewSalt" WHERE "day" = ${day}`;
  return rows[0]!.salt;
}

/** Stores a batch of candidate views; returns how many were new readers (the rest were repeats today). */
export async function insertViews(views: PendingView[]): Promise<number> {
  if (views.length === 0) return 0;
  // One order for every writer, so two transactions never wait on each other's rows in a cycle.
  const sorted = [...new Map(views.map((v) => [`${v.day}:${v.hash}`, v])).values()].sort((a, b) =>
    a.day === b.day ? (a.hash < b.hash ? -1 : 1) : a.day < b.day ? -1 : 1,
  );
  const db = await readyDb();
  return db.$transaction(async (tx) => {
    const keys = sorted.map((v) => Prisma.sql`(${v.day}, ${v.hash})`);
    const inserted = await tx.$queryRaw<Array<{ day: string; hash: string }>>`
      INSERT INTO "ViewVisitor" ("day", "hash") VALUES ${Prisma.join(keys)} ON CONFLICT DO NOTHING RETURNING "day", "hash"`;
    if (inserted.length === 0) return 0;
    const isNew = new Set(inserted.map((r) => `${r.day}:${r.hash}`));
    const counted = sorted.filter((v) => isNew.has(`${v.day}:${v.hash}`));
    const rows = counted.map((v) => Prisma.sql`(${v.slug}, ${v.day}, ${v.referrer}, ${v.at})`);
    await tx.$executeRaw`INSERT INTO "PageView" ("slug", "day", "referrer", "at") VALUES ${Prisma.join(rows)}`;
    await addToTotals(tx, tally(counted.map((v) => v.slug)));
    return counted.length;
  });
}

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

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

/** Drops the salts and reader hashes of days before `today`: from then on no view can be tied to anyone. */
export async function forgetVisitorsBefore(today: string): Promise<void> {
  const db = await readyDb();
  await db.$transaction([
    db.$executeRaw`DELETE FROM "ViewSalt" WHERE "day" < ${today}`,
    db.$executeRaw`DELETE FROM "ViewVisitor" WHERE "day" < ${today}`,
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

/** Views per referring domain from `since` on, most first. */
export async function findReferrers(since: string, limit: number): Promise<Array<{ domain: string; views: number }>> {
  const db = await readyDb();
  const rows = await db.$queryRaw<Array<{ domain: string; views: number | bigint }>>`
    SELECT "domain", SUM("views") AS "views" FROM (
      SELECT "referrer" AS "domain", COUNT(*) AS "views" FROM "PageView" WHERE "day" >= ${since} AND "referrer" IS NOT NULL GROUP BY "referrer"
      UNION ALL
      SELECT "domain", SUM("views") AS "views" FROM "ReferrerDaily" WHERE "day" >= ${since} GROUP BY "domain"
    ) AS "both" GROUP BY "domain" ORDER BY SUM("views") DESC, "domain" LIMIT ${limit}`;
  return rows.map((r) => ({ domain: r.domain, views: Number(r.views) }));
}
