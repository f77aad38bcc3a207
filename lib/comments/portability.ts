import 'server-only';
import { getEnv } from '../env';
import { getIssues } from '../content/service';
import { err, type Result } from '../result';
import { randomId } from '../security/tokens';
import { detectAndParse } from './import/detect';
import { serializeExport, type CommentExportRow } from './import/json';
import type { ImportedComment } from './import/types';
import * as repo from './repository';

export type ImportSummary = { added: number; skipped: number; warnings: string[] };
/** A reason the whole import was refused, with the line of the file it concerns. */
export type ImportProblem = { line: number; message: string };
export type ImportError = 'unknown-format' | 'invalid' | 'unknown-issue';

export type ImportCommentsOptions = {
  /** The author's addresses (old ones too): the only way a comment gets the Author mark. Default: AUTHOR_EMAIL. */
  authorEmails?: string[];
  /** Issue slugs renamed since the export: old slug → slug of a published issue here. */
  slugMap?: ReadonlyMap<string, string>;
};

/**
 * Imports a WordPress WXR, Disqus XML or Masthead JSON export. Each comment is keyed by its
 * source and source id, so running the same import again adds nothing. Threads, names,
 * emails, dates and statuses are kept; the author's own comments are marked as the author's
 * only when they are from one of `authorEmails`. Every field passes the comment form's rules
 * (see import/fields.ts). A comment on a slug no published issue has refuses the whole import,
 * storing nothing, unless `slugMap` maps it.
 */
export async function importComments(
  text: string,
  options: ImportCommentsOptions = {},
): Promise<Result<ImportSummary, ImportError> & { problems?: ImportProblem[] }> {
  const env = getEnv();
  const parsed = detectAndParse(text, { authorEmails: options.authorEmails ?? [env.AUTHOR_EMAIL], authorName: env.AUTHOR_NAME });
  if (!parsed.ok) return parsed;
  const comments = mapSlugs(parsed.value.comments, options.slugMap ?? new Map());
  const problems = unknownSlugProblems(comments, options.slugMap ?? new Map());
  if (problems.length > 0) return { ...err('unknown-issue'), problems };
  const idFor = new Map<string, string>();
  let added = 0;
  let skipped = 0;
  // Parents come before their replies in the parser's output, so a reply's parent id is always known.
  for (const c of comments) {
    const existing = await repo.findByImportKey(c.source, c.externalId);
    if (existing) {
      idFor.set(c.externalId, existing.id);
      skipped++;
      continue;
    }
    // A Masthead export keeps its ids, so permalinks (#comment-<id>) survive a move.
    const keepId = c.source === 'masthead' && !(await repo.findCommentById(c.externalId));
    const id = keepId ? c.externalId : randomId();
    await repo.insertComment({
      id,
      issueSlug: c.issueSlug,
      parentId: c.parentExternalId ? (idFor.get(c.parentExternalId) ?? null) : null,
      authorName: c.isAuthor ? env.AUTHOR_NAME : c.authorName,
      authorEmail: c.authorEmail,
      isAuthor: c.isAuthor,
      body: c.body,
      status: c.status,
      notifyReplies: c.notifyReplies ?? false,
      ipHash: null,
      createdAt: c.createdAt,
      editedAt: c.editedAt ?? null,
      importSource: c.source,
      importId: c.externalId,
    });
    idFor.set(c.externalId, id);
    added++;
  }
  return { ok: true, value: { added, skipped, warnings: parsed.value.warnings } };
}

function mapSlugs(comments: ImportedComment[], slugMap: ReadonlyMap<string, string>): ImportedComment[] {
  return comments.map((c) => ({ ...c, issueSlug: slugMap.get(c.issueSlug) ?? c.issueSlug }));
}

/** One problem per slug that no published issue has: its first line and how many comments it holds. */
function unknownSlugProblems(comments: ImportedComment[], slugMap: ReadonlyMap<string, string>): ImportProblem[] {
  const published = new Set(getIssues().map((issue) => issue.slug));
  const unknown = new Map<string, { line: number; count: number }>();
  for (const c of comments) {
    if (published.has(c.issueSlug)) continue;
    const seen = unknown.get(c.issueSlug) ?? { line: c.line, count: 0 };
    seen.count++;
    unknown.set(c.issueSlug, seen);
  }
  const mappedTo = new Set(slugMap.values());
  return [...unknown].map(([slug, { line, count }]) => ({
    line,
    message: mappedTo.has(slug)
      ? `no published issue has the slug "${slug}" given with --slug (${count} comment(s))`
      : `no published issue has the slug "${slug}" (${count} comment(s)); map it with --slug ${slug}=<slug of an issue>`,
  }));
}

/** Every comment as Masthead's JSON export (which importComments reads back). */
export async function exportComments(now = new Date()): Promise<string> {
  const rows: CommentExportRow[] = (await repo.findAllComments()).map((r) => ({ ...r, status: r.status as CommentExportRow['status'] }));
  return serializeExport(rows, now);
}
