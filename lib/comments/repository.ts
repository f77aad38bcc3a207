import 'server-only';
import { createHash } from 'node:crypto';
import { readyDb } from '../db-ready';
import { duplicateKey } from './policy';
import type { CommentStatus } from './schema';

export type CommentRow = {
  id: string;
  issueSlug: string;
  parentId: string | null;
  authorName: string | null;
  authorEmail: string | null;
  isAuthor: boolean;
  body: string;
  status: CommentStatus;
  notifyReplies: boolean;
  ipHash: string | null;
  createdAt: Date;
  updatedAt: Date;
  editedAt: Date | null;
  importSource: string | null;
  importId: string | null;
};

export type NewComment = Omit<CommentRow, 'updatedAt' | 'editedAt' | 'importSource' | 'importId' | 'createdAt'> & {
  createdAt?: Date;
  editedAt?: Date | null;
  importSource?: string | null;
  importId?: string | null;
};

// The status column is a string to the database; only CommentStatus values are ever written to it
// (every write below takes a CommentRow's status), so rows are typed once, here.
const typed = <T extends { status: string }>(row: T) => row as T & { status: CommentStatus };
const typedOrNull = <T extends { status: string }>(row: T | null) => (row === null ? null : typed(row));

/** Every comment of an issue, any status, oldest first (the thread builder decides what shows). */
export async function findCommentsForIssue(slug: string): Promise<CommentRow[]> {
  return (await (await readyDb()).comment.findMany({ where: { issueSlug: slug }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] })).map(typed);
}

export async function findCommentById(id: string): Promise<CommentRow | null> {
  return typedOrNull(await (await readyDb()).comment.findUnique({ where: { id } }));
}

/** What the duplicate check compares: a hash, because a 10,000-character key would not fit PostgreSQL's index. */
const bodyKeyOf = (body: string) => createHash('sha256').update(duplicateKey(body)).digest('hex');

export async function insertComment(data: NewComment): Promise<CommentRow> {
  return typed(await (await readyDb()).comment.create({ data: { ...data, bodyKey: bodyKeyOf(data.body) } }));
}

export async function updateComment(
  id: string,
  data: Partial<Pick<CommentRow, 'body' | 'status' | 'editedAt' | 'notifyReplies'>>,
): Promise<CommentRow> {
  const bodyKey = data.body === undefined ? {} : { bodyKey: bodyKeyOf(data.body) };
  return typed(await (await readyDb()).comment.update({ where: { id }, data: { ...data, ...bodyKey } }));
}

/** Replies that still count for the edit window (anything not spam). */
export async function countReplies(id: string): Promise<number> {
  return (await readyDb()).comment.count({ where: { parentId: id, status: { not: 'spam' } } });
}

/** Published comments per issue, for the home list and headings. */
export async function countPublishedBySlug(): Promise<Map<string, number>> {
  const rows = await (await readyDb()).comment.groupBy({ by: ['issueSlug'], where: { status: 'published' }, _count: { _all: true } });
  return new Map(rows.map((r) => [r.issueSlug, r._count._all]));
}

/** Whether this email already has a published comment (for "first comment waits" moderation). */
export async function hasPublishedComment(email: string): Promise<boolean> {
  return (await (await readyDb()).comment.count({ where: { authorEmail: email, status: 'published' } })) > 0;
}

/**
 * A published or pending comment on the issue (other than `exceptId`) whose body has the same
 * duplicate key. Rows stored before the key existed come back too (one query either way), and
 * get their key here, so each is keyed once.
 */
export async function findDuplicate(slug: string, body: string, exceptId?: string): Promise<CommentRow | null> {
  const db = await readyDb();
  const key = bodyKeyOf(body);
  const rows = await db.comment.findMany({
    where: {
      issueSlug: slug,
      status: { in: ['published', 'pending'] },
      OR: [{ bodyKey: key }, { bodyKey: null }],
      ...(exceptId === undefined ? {} : { id: { not: exceptId } }),
    },
  });
  let found: CommentRow | null = null;
  for (const row of rows) {
    const rowKey = row.bodyKey ?? bodyKeyOf(row.body);
    if (row.bodyKey === null) await db.comment.update({ where: { id: row.id }, data: { bodyKey: rowKey } });
    if (rowKey === key) found ??= typed(row);
  }
  return found;
}

export async function isBlocked(kind: 'ip' | 'email', value: string): Promise<boolean> {
  return (await (await readyDb()).block.count({ where: { kind, value } })) > 0;
}

export async function addBlock(kind: 'ip' | 'email', value: string): Promise<void> {
  await (await readyDb()).block.upsert({ where: { kind_value: { kind, value } }, create: { kind, value }, update: {} });
}

/** Comments for the moderation queue, newest first. */
export async function findForModeration(status: CommentStatus, take: number, query?: string): Promise<CommentRow[]> {
  const rows = await (await readyDb()).comment.findMany({
    where: {
      status,
      ...(query ? { OR: [{ body: { contains: query } }, { authorName: { contains: query } }, { authorEmail: { contains: query } }] } : {}),
    },
    orderBy: { createdAt: 'desc' },
    take,
  });
  return rows.map(typed);
}

export async function countByStatus(): Promise<Record<CommentStatus, number>> {
  const rows = await (await readyDb()).comment.groupBy({ by: ['status'], _count: { _all: true } });
  const out: Record<CommentStatus, number> = { pending: 0, published: 0, spam: 0, deleted: 0 };
  for (const r of rows) if (r.status in out) out[typed(r).status] = r._count._all;
  return out;
}

export async function findByImportKey(importSource: string, importId: string): Promise<CommentRow | null> {
  return typedOrNull(await (await readyDb()).comment.findUnique({ where: { importSource_importId: { importSource, importId } } }));
}

/** Every comment, oldest first (for the export). */
export async function findAllComments(): Promise<CommentRow[]> {
  return (await (await readyDb()).comment.findMany({ orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] })).map(typed);
}
