import 'server-only';
import { logEvent } from '../log';
import { renderCommentMarkdown } from './markdown';
import { canSelfEdit } from './policy';
import * as repo from './repository';
import type { CommentStatus } from './schema';
import { buildThreads, countVisible, displayName } from './thread';

// Rendering Markdown is the costly part of a big discussion: each comment is rendered once
// per version (id + last update) and kept, up to a bound.
const rendered = new Map<string, string>();
const RENDER_CACHE_MAX = 20_000;

/** A comment body as safe HTML, from the cache when this version was rendered before. */
export function renderBody(c: { id: string; body: string; updatedAt: Date }): string {
  const key = `${c.id}:${c.updatedAt.getTime()}`;
  let out = rendered.get(key);
  if (out === undefined) {
    out = renderCommentMarkdown(c.body);
    if (rendered.size >= RENDER_CACHE_MAX) rendered.delete(rendered.keys().next().value!);
    rendered.set(key, out);
  }
  return out;
}

export type DiscussionComment = {
  id: string;
  authorName: string | null;
  isAuthor: boolean;
  bodyHtml: string;
  createdAt: Date;
  editedAt: Date | null;
  pending: boolean;
  placeholder: boolean;
  inReplyTo: { id: string; name: string } | null;
  editable: boolean;
  /** The Markdown source, only for the writer who may still edit it. */
  source: string | null;
};
export type Discussion = { threads: Array<{ root: DiscussionComment; replies: DiscussionComment[] }>; count: number };

/**
 * The comments of an issue as a reader sees them: published ones, placeholders for deleted ones
 * that have replies, and this reader's own pending ones (`ownIds`).
 */
export async function getDiscussion(slug: string, viewer: { ownIds: ReadonlySet<string>; now: Date }): Promise<Discussion> {
  const rows = await repo.findCommentsForIssue(slug);
  const replyCounts = new Map<string, number>();
  for (const r of rows) if (r.parentId && r.status !== 'spam') replyCounts.set(r.parentId, (replyCounts.get(r.parentId) ?? 0) + 1);
  const visiblePending = new Set(rows.filter((r) => r.status === 'pending' && viewer.ownIds.has(r.id)).map((r) => r.id));
  const threads = buildThreads(
    rows,
    visiblePending,
  );
  const isEditable = (c: { id: string; createdAt: Date; status: CommentStatus }) =>
    viewer.ownIds.has(c.id) &&
    canSelfEdit({ createdAt: c.createdAt, now: viewer.now, replyCount: replyCounts.get(c.id) ?? 0, status: c.status });
  const toView = (c: (typeof threads)[number]['comment']): DiscussionComment =>
    c.placeholder
      ? { id: c.id, authorName: null, isAuthor: false, bodyHtml: '', createdAt: c.createdAt, editedAt: null, pending: false, placeholder: true, inReplyTo: c.inReplyTo, editable: false, source: null }
      : {
          id: c.id,
          authorName: c.authorName,
          isAuthor: c.isAuthor,
          bodyHtml: renderBody(c),
          createdAt: c.createdAt,
          editedAt: c.editedAt,
          pending: c.pending,
          placeholder: false,
          inReplyTo: c.inReplyTo,
          editable: isEditable(c),
          source: isEditable(c) ? c.body : null,
        };
  return {
    threads: threads.map((t) => ({ root: toView(t.comment), replies: t.replies.map(toView) })),
    count: countVisible(threads),
  };
}

/** Published comment counts per issue; empty (and logged) when the database cannot answer. */
export async function getCommentCounts(): Promise<Map<string, number>> {
  try {
    return await repo.countPublishedBySlug();
  } catch (e) {
    logEvent('warn', 'comments.count-failed', { error: e as Error });
    return new Map();
  }
}

/** One freshly posted comment as its writer sees it, without reading the whole discussion. */
export async function getPostedCommentView(c: repo.CommentRow, viewer: { now: Date }): Promise<DiscussionComment> {
  const parent = c.parentId ? await repo.findCommentById(c.parentId) : null;
  // A direct answer to a top-level comment sits under it; only replies to replies say whom they answer.
  const inReplyTo = parent?.parentId ? { id: parent.id, name: displayName(parent.authorName) } : null;
  return {
    id: c.id, authorName: c.authorName, isAuthor: c.isAuthor, bodyHtml: renderBody(c), createdAt: c.createdAt,
    editedAt: c.editedAt, pending: c.status === 'pending', placeholder: false, inReplyTo,
    editable: canSelfEdit({ createdAt: c.createdAt, now: viewer.now, replyCount: 0, status: c.status }),
    source: c.body,
  };
}
