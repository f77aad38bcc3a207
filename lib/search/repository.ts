import 'server-only';
import { getDatabaseKind } from '../db/client';
import { readyDb } from '../db-ready';

export type IndexedIssue = { slug: string; title: string; summary: string; body: string };
export type IssueHit = IndexedIssue & { rank: number };
export type CommentHit = { id: string; issueSlug: string; authorName: string | null; isAuthor: boolean; body: string; createdAt: Date };

const ISSUES_KEY = 'issues';
const CONFIG_KEY = 'config';
// One re-index at a time across instances on PostgreSQL (SQLite's write lock does this itself).
const REINDEX_LOCK = 7_214_031;
// How many best matches SQLite ranks in the index before the live-issue filter.
const CANDIDATES = 5;

/** What the index was built from: the issues' hash and (PostgreSQL) the text search configuration. */
export async function readSearchState(): Promise<{ issues: string | null; config: string | null }> {
  const rows = await (await readyDb()).searchState.findMany({ where: { name: { in: [ISSUES_KEY, CONFIG_KEY] } } });
  const get = (name: string) => rows.find((r) => r.name === name)?.value ?? null;
  return { issues: get(ISSUES_KEY), config: get(CONFIG_KEY) };
}

/** The configuration name if this PostgreSQL server has it, else `simple`. */
export async function availableConfig(wanted: string): Promise<string> {
  const rows = await (await readyDb()).$queryRawUnsafe<{ n: number }[]>('SELECT count(*)::int AS n FROM pg_ts_config WHERE cfgname = $1', wanted);
  return Number(rows[0]?.n ?? 0) > 0 ? wanted : 'simple';
}

/**
 * Replaces the indexed issues with these (the triggers index them), recording `key`. On
 * PostgreSQL with `config` given, the configuration changes first and every published comment is
 * indexed again in it.
 */
export async function replaceIndexedIssues(issues: IndexedIssue[], key: string, config: string | null): Promise<void> {
  const db = await readyDb();
  const postgres = getDatabaseKind() === 'postgres';
  await db.$transaction(
    async (tx) => {
      if (postgres) await tx.$executeRawUnsafe('SELECT pg_advisory_xact_lock($1)', REINDEX_LOCK);
      if (postgres && config !== null) {
        await tx.searchState.upsert({ where: { name: CONFIG_KEY }, create: { name: CONFIG_KEY, value: config }, update: { value: config } });
        await tx.$executeRawUnsafe(`UPDATE "Comment" SET "body" = "body" WHERE "status" = 'published'`);
      }
      await tx.searchIssue.deleteMany({});
      if (issues.length > 0) await tx.searchIssue.createMany({ data: issues });
      await tx.searchState.upsert({ where: { name: ISSUES_KEY }, create: { name: ISSUES_KEY, value: key }, update: { value: key } });
    },
    { timeout: 60_000, maxWait: 30_000 },
  );
  // Fresh statistics, or the planner takes the new rows for a handful and reads every document
  // (a sequential scan of large tsvectors) instead of the GIN index.
  if (postgres) await db.$executeRawUnsafe('ANALYZE "SearchIssue"');
}

/** Issues matching every term, best first: title weighs most, then summary, then body. */
export async function searchIssues(q: { match: string; words: string; config: string; slugs: string[]; take: number }): Promise<IssueHit[]> {
  const db = await readyDb();
  const slugs = JSON.stringify(q.slugs);
  if (getDatabaseKind() === 'postgres') {
    return db.$queryRawUnsafe<IssueHit[]>(
      `SELECT i."slug", i."title", i."summary", i."body", ts_rank(i."document", query) AS "rank"
       FROM "SearchIssue" i, plainto_tsquery($1::regconfig, $2) query
       WHERE i."document" @@ query AND i."slug" IN (SELECT jsonb_array_elements_text($3::jsonb))
       ORDER BY "rank" DESC, i."slug" LIMIT $4`,
      q.config, q.words, slugs, q.take,
    );
  }
  // FTS5 ranks inside the index (its `rank` column, with LIMIT) before anything is joined; the
  // candidates beyond `take` leave room for the live-issue filter, which drops none in practice.
  return db.$queryRawUnsafe<IssueHit[]>(
    `SELECT i."slug", i."title", i."summary", i."body", m."rank"
     FROM (SELECT "slug", "rank" FROM "search_issue_fts" WHERE "search_issue_fts" MATCH ? AND "rank" MATCH 'bm25(0.0, 10.0, 4.0, 1.0)' ORDER BY "rank" LIMIT ?) m
     JOIN "SearchIssue" i ON i."slug" = m."slug"
     WHERE i."slug" IN (SELECT value FROM json_each(?))
     ORDER BY m."rank", i."slug" LIMIT ?`,
    q.match, q.take * CANDIDATES, slugs, q.take,
  );
}

/** Published comments on these issues matching every term, best first. */
export async function searchComments(q: { match: string; words: string; config: string; slugs: string[]; take: number }): Promise<CommentHit[]> {
  const db = await readyDb();
  const slugs = JSON.stringify(q.slugs);
  const rows = getDatabaseKind() === 'postgres'
    ? await db.$queryRawUnsafe<CommentHit[]>(
        `SELECT c."id", c."issueSlug", c."authorName", c."isAuthor", c."body", c."createdAt"
         FROM "Comment" c, plainto_tsquery($1::regconfig, $2) query
         WHERE c."searchDocument" @@ query AND c."status" = 'published' AND c."issueSlug" IN (SELECT jsonb_array_elements_text($3::jsonb))
         ORDER BY ts_rank(c."searchDocument", query) DESC, c."createdAt" DESC LIMIT $4`,
        q.config, q.words, slugs, q.take,
      )
    : await db.$queryRawUnsafe<CommentHit[]>(
        `SELECT c."id", c."issueSlug", c."authorName", c."isAuthor", c."body", c."createdAt"
         FROM (SELECT "comment_id", "rank" FROM "search_comment_fts" WHERE "search_comment_fts" MATCH ? ORDER BY "rank" LIMIT ?) m
         JOIN "Comment" c ON c."id" = m."comment_id"
         WHERE c."status" = 'published' AND c."issueSlug" IN (SELECT value FROM json_each(?))
         ORDER BY m."rank", c."createdAt" DESC LIMIT ?`,
        q.match, q.take * CANDIDATES, slugs, q.take,
      );
  // SQLite hands back booleans as 0/1 and dates as numbers or text through raw queries.
  return rows.map((r) => ({ ...r, isAuthor: Boolean(r.isAuthor), createdAt: new Date(r.createdAt) }));
}
