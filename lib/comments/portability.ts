import 'server-only';
import { getEnv } from '../env';
import type { Result } from '../result';
import { randomId } from '../security/tokens';
import { detectAndParse } from './import/detect';
import { serializeExport, type CommentExportRow } from './import/json';
import * as repo from './repository';

export type ImportSummary = { added: number; skipped: number; warnings: string[] };

/**
 * Imports a WordPress WXR, Disqus XML or Masthead JSON export. Each comment is keyed by its
 * source and source id, so running the same import again adds nothing. Threads, names,
 * emails, dates and statuses are kept; the author's own comments are marked as the author's.
 */
export async function importComments(text: string): Promise<Result<ImportSummary, 'unknown-format' | 'invalid'>> {
  const env = getEnv();
  const parsed = detectAndParse(text, { authorEmails: [env.AUTHOR_EMAIL], authorNames: [env.AUTHOR_NAME] });
  if (!parsed.ok) return parsed;
  const idFor = new Map<string, string>();
  let added = 0;
  let skipped = 0;
  // Parents come before their replies in the parser's output, so a reply's parent id is always known.
  for (const c of parsed.value.comments) {
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

/** Every comment as Masthead's JSON export (which importComments reads back). */
export async function exportComments(now = new Date()): Promise<string> {
  const rows: CommentExportRow[] = (await repo.findAllComments()).map((r) => ({ ...r, status: r.status as CommentExportRow['status'] }));
  return serializeExport(rows, now);
}
