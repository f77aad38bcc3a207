import 'server-only';
import { createHash } from 'node:crypto';
import { displayName } from '../comments/thread';
import { liveIssues } from '../content/schedule';
import { getIssues, type Issue } from '../content/service';
import { getDatabaseKind } from '../db/client';
import { getEnv } from '../env';
import { excerpt, highlight } from './excerpt';
import { textSearchConfig } from './language';
import { ftsMatch, readSearchQuery, type SearchQuery } from './query';
import * as repo from './repository';
import { markdownToText } from './text';

/** How many issues and comments a results page lists. */
export const RESULTS_PER_SECTION = 20;

export type IssueResult = { slug: string; titleHtml: string; excerptHtml: string };
export type CommentResult = { id: string; slug: string; issueTitle: string; name: string; isAuthor: boolean; createdAt: Date; excerptHtml: string };
export type SearchOutcome =
  | { kind: 'empty'; query: SearchQuery }
  | { kind: 'no-words'; query: SearchQuery }
  | { kind: 'results'; query: SearchQuery; issues: IssueResult[]; comments: CommentResult[] };

// The issues readers see now (never drafts or scheduled ones, whatever NODE_ENV), and the hash of
// what the index must hold for them, made once per list (getIssues keeps one list until it changes).
let indexed: { list: Issue[]; issues: Issue[]; rows: repo.IndexedIssue[]; key: string } | null = null;

function wantedIndex(now: Date) {
  const list = getIssues(now.getTime());
  const issues = liveIssues(list, now);
  if (indexed && indexed.list === list && indexed.issues.length === issues.length) return indexed;
  const rows = issues.map((i) => ({ slug: i.slug, title: i.title, summary: i.summary, body: markdownToText(i.markdown) }));
  const hash = createHash('sha256');
  for (const r of rows) hash.update(`${r.slug}\u0000${r.title}\u0000${r.summary}\u0000${r.body}\u0001`);
  indexed = { list, issues, rows, key: hash.digest('hex') };
  return indexed;
}

/**
 * Makes the index hold exactly the issues readers see now, in the configuration SITE_LANG names.
 * Asked before each search: one small read when nothing changed; after a publish (or a scheduled
 * issue going live) the first search re-indexes, on whichever instance asks first.
 */
export async function ensureSearchIndex(now = new Date()): Promise<{ issues: Issue[]; config: string }> {
  const wanted = wantedIndex(now);
  const postgres = getDatabaseKind() === 'postgres';
  const state = await repo.readSearchState();
  const config = postgres ? (state.config === textSearchConfig(getEnv().SITE_LANG) ? state.config : await repo.availableConfig(textSearchConfig(getEnv().SITE_LANG))) : 'simple';
  const configChanged = postgres && state.config !== config;
  if (state.issues !== wanted.key || configChanged) await repo.replaceIndexedIssues(wanted.rows, wanted.key, configChanged ? config : null);
  return { issues: wanted.issues, config };
}

/** Searches the published issues and comments for what the reader typed (`q`), never failing on its syntax. */
export async function searchSite(q: string | null, now = new Date()): Promise<SearchOutcome> {
  const query = readSearchQuery(q);
  if (query.text === '') return { kind: 'empty', query };
  if (query.terms.length === 0) return { kind: 'no-words', query };
  const { issues, config } = await ensureSearchIndex(now);
  const titles = new Map(issues.map((i) => [i.slug, i.title]));
  const args = { match: ftsMatch(query.terms), words: query.terms.join(' '), config, slugs: [...titles.keys()], take: RESULTS_PER_SECTION };
  const [issueHits, commentHits] = await Promise.all([repo.searchIssues(args), repo.searchComments(args)]);
  return {
    kind: 'results',
    query,
    issues: issueHits.map((hit) => ({
      slug: hit.slug,
      titleHtml: highlight(hit.title, query.terms),
      excerptHtml: excerpt(`${hit.summary} ${hit.body}`, query.terms),
    })),
    comments: commentHits.map((hit) => ({
      id: hit.id,
      slug: hit.issueSlug,
      issueTitle: titles.get(hit.issueSlug) ?? hit.issueSlug,
      name: displayName(hit.authorName),
      isAuthor: hit.isAuthor,
      createdAt: hit.createdAt,
      excerptHtml: excerpt(hit.body, query.terms),
    })),
  };
}
