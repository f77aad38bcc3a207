import { z } from 'zod';
import { err, ok, type Result } from '@/lib/result';
import { checkFields, isAuthorEmail } from './fields';
import { jsonIdLines } from './lines';
import { finishImport } from './order';
import { COMMENT_STATUSES } from '../schema';
import type { ImportOptions, ImportResult } from './types';

const isoDate = z.iso.datetime({ offset: true });

/** Masthead's own comment export, version 1: a lossless backup of every comment row. */
export const commentExportSchema = z.object({
  format: z.literal('masthead-comments'),
  version: z.literal(1),
  exportedAt: isoDate,
  comments: z.array(
    z.object({
      id: z.string().min(1).max(200),
      parentId: z.string().min(1).max(200).nullable(),
      issueSlug: z.string().min(1).max(200),
      authorName: z.string().nullable(),
      authorEmail: z.string().nullable(),
      isAuthor: z.boolean(),
      body: z.string(),
      status: z.enum(COMMENT_STATUSES),
      createdAt: isoDate,
      editedAt: isoDate.nullable(),
      notifyReplies: z.boolean(),
    }),
  ),
});

export type CommentExport = z.infer<typeof commentExportSchema>;
type ExportedComment = CommentExport['comments'][number];

/** A stored comment as the export needs it; dates as Date. */
export type CommentExportRow = Omit<ExportedComment, 'createdAt' | 'editedAt'> & { createdAt: Date; editedAt: Date | null };

/** The export file's text (pretty JSON). Only the listed fields are written, whatever else a row holds. */
export function serializeExport(rows: readonly CommentExportRow[], now: Date): string {
  const data: CommentExport = {
    format: 'masthead-comments',
    version: 1,
    exportedAt: now.toISOString(),
    comments: rows.map((row) => ({
      id: row.id,
      parentId: row.parentId,
      issueSlug: row.issueSlug,
      authorName: row.authorName,
      authorEmail: row.authorEmail,
      isAuthor: row.isAuthor,
      body: row.body,
      status: row.status,
      createdAt: row.createdAt.toISOString(),
      editedAt: row.editedAt?.toISOString() ?? null,
      notifyReplies: row.notifyReplies,
    })),
  };
  return `${JSON.stringify(data, null, 2)}\n`;
}

/** Reads a Masthead export back; a file that is not one (or another version) is `invalid`. */
export function parseMastheadJson(text: string, options: ImportOptions): Result<ImportResult, 'invalid'> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return err('invalid', { file: ['The file is not valid JSON'] });
  }
  const parsed = commentExportSchema.safeParse(data);
  if (!parsed.success) {
    const fieldErrors: Record<string, string[]> = {};
    // A broken file of thousands of rows should not produce thousands of messages.
    for (const issue of parsed.error.issues.slice(0, 20)) (fieldErrors[issue.path.join('.') || 'file'] ??= []).push(issue.message);
    return err('invalid', fieldErrors);
  }
  const lines = jsonIdLines(text);
  const comments = parsed.data.comments.map((c) => ({
    source: 'masthead' as const,
    externalId: c.id,
    line: lines.get(c.id) ?? 0,
    parentExternalId: c.parentId,
    issueSlug: c.issueSlug,
    authorName: c.authorName,
    authorEmail: c.authorEmail,
    // The file's flag alone is not enough (anyone can write `true`): the address must be the author's.
    isAuthor: c.isAuthor && isAuthorEmail(c.authorEmail, options),
    body: c.body,
    createdAt: new Date(c.createdAt),
    status: c.status,
    editedAt: c.editedAt === null ? null : new Date(c.editedAt),
    notifyReplies: c.notifyReplies,
  }));
  const warnings: string[] = [];
  return ok(finishImport(checkFields(comments, options, warnings), warnings));
}
