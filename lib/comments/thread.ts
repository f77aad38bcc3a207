import type { CommentStatus } from './schema';

/** What threading needs from a comment row; any other fields are carried through. */
export interface ThreadInput {
  id: string;
  parentId: string | null;
  createdAt: Date;
  status: CommentStatus;
  authorName: string | null;
}

/** Who a reply answers, shown as "in reply to …". */
export interface ReplyTarget {
  id: string;
  name: string;
}

/** A comment as shown: its own fields, plus whether it awaits moderation and whom it answers. */
export type ShownComment<T extends ThreadInput> = T & {
  placeholder: false;
  pending: boolean;
  inReplyTo: ReplyTarget | null;
};

/**
 * Stands in for a deleted (or hidden) comment that still has visible replies.
 * It carries no text or name, so a careless template cannot leak them.
 */
export interface PlaceholderComment {
  id: string;
  parentId: string | null;
  createdAt: Date;
  placeholder: true;
  pending: false;
  inReplyTo: ReplyTarget | null;
}

export type ThreadEntry<T extends ThreadInput> = ShownComment<T> | PlaceholderComment;

/** A top-level comment and all of its shown descendants, oldest first. */
export interface Thread<T extends ThreadInput> {
  comment: ThreadEntry<T>;
  replies: ThreadEntry<T>[];
}

export const ANONYMOUS_NAME = 'Anonymous';

/** The name a comment shows: its author's, or "Anonymous" without one. */
export function displayName(authorName: string | null | undefined): string {
  return authorName?.trim() || ANONYMOUS_NAME;
}
/** The name a reply to a placeholder shows: a deleted comment's author stays unnamed. */
export const DELETED_NAME = 'a deleted comment';

type Visibility = 'shown' | 'pending' | 'placeholder' | 'hidden';

/**
 * Groups flat comment rows into threads: top-level comments oldest first, each
 * with its descendants flattened beneath it, oldest first. Spam is never shown;
 * a deleted comment becomes a placeholder only while it has visible replies;
 * pending comments appear only when their id is in `visiblePending` (the reader's
 * own). Replies under a hidden comment stay in their thread, answering the
 * nearest comment still shown. Orphans and cycles become top-level comments.
 */
export function buildThreads<T extends ThreadInput>(
  comments: readonly T[],
  visiblePending: ReadonlySet<string> = new Set(),
): Thread<T>[] {
  const sorted = [...comments].sort(compareByAge);
  const parentOf = resolveParents(sorted);
  const childrenOf = new Map<string, T[]>();
  const roots: T[] = [];
  for (const c of sorted) {
    const parent = parentOf.get(c.id) ?? null;
    if (parent === null) roots.push(c);
    else if (childrenOf.has(parent)) childrenOf.get(parent)!.push(c);
    else childrenOf.set(parent, [c]);
  }
  const visibility = decideVisibility(sorted, parentOf, visiblePending);
  const threads: Thread<T>[] = [];
  for (const root of roots) {
    if (visibility.get(root.id) === 'hidden') continue;
    const comment = toEntry(root, visibility, null);
    threads.push({ comment, replies: collectReplies(root, childrenOf, visibility) });
  }
  return threads;
}

/** How many comments a reader sees; placeholders are not comments. */
export function countVisible<T extends ThreadInput>(threads: readonly Thread<T>[]): number {
  let count = 0;
  for (const { comment, replies } of threads) {
    count += (comment.placeholder ? 0 : 1) + replies.filter((r) => !r.placeholder).length;
  }
  return count;
}

function compareByAge(a: { id: string; createdAt: Date }, b: { id: string; createdAt: Date }): number {
  return a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Each comment's parent, or null for top-level, orphaned and cycle-breaking comments. */
function resolveParents(sorted: readonly ThreadInput[]): Map<string, string | null> {
  const ids = new Set(sorted.map((c) => c.id));
  const parentOf = new Map<string, string | null>();
  for (const c of sorted) {
    parentOf.set(c.id, c.parentId !== null && c.parentId !== c.id && ids.has(c.parentId) ? c.parentId : null);
  }
  // Rows should never form a loop, but one bad row must not hide a thread or hang the page.
  const state = new Map<string, 'visiting' | 'done'>();
  for (const c of sorted) {
    const path: string[] = [];
    let cur: string | null = c.id;
    while (cur !== null && !state.has(cur)) {
      state.set(cur, 'visiting');
      path.push(cur);
      cur = parentOf.get(cur) ?? null;
    }
    if (cur !== null && state.get(cur) === 'visiting') parentOf.set(cur, null);
    for (const id of path) state.set(id, 'done');
  }
  return parentOf;
}

function decideVisibility(
  sorted: readonly ThreadInput[],
  parentOf: ReadonlyMap<string, string | null>,
  visiblePending: ReadonlySet<string>,
): Map<string, Visibility> {
  const visibility = new Map<string, Visibility>();
  for (const c of sorted) {
    const own = c.status === 'published' ? 'shown' : c.status === 'pending' && visiblePending.has(c.id) ? 'pending' : null;
    if (own) visibility.set(c.id, own);
  }
  // Mark every ancestor of a visible comment; the walk stops at one already marked, so it is linear.
  const hasVisibleDescendant = new Set<string>();
  for (const id of visibility.keys()) {
    for (let p = parentOf.get(id) ?? null; p !== null && !hasVisibleDescendant.has(p); p = parentOf.get(p) ?? null) {
      hasVisibleDescendant.add(p);
    }
  }
  for (const c of sorted) {
    if (visibility.has(c.id)) continue;
    const isRoot = parentOf.get(c.id) === null;
    const keepsPlace = hasVisibleDescendant.has(c.id) && (c.status === 'deleted' || isRoot);
    visibility.set(c.id, keepsPlace ? 'placeholder' : 'hidden');
  }
  return visibility;
}

function collectReplies<T extends ThreadInput>(
  root: T,
  childrenOf: ReadonlyMap<string, T[]>,
  visibility: ReadonlyMap<string, Visibility>,
): ThreadEntry<T>[] {
  const replies: ThreadEntry<T>[] = [];
  // Depth-first with an explicit stack (reply chains can be long), carrying the nearest shown ancestor.
  const stack = (childrenOf.get(root.id) ?? []).map((child) => [child, root] as const);
  for (let next = stack.pop(); next; next = stack.pop()) {
    const [comment, anchor] = next;
    const shown = visibility.get(comment.id) !== 'hidden';
    if (shown) replies.push(toEntry(comment, visibility, anchor === root ? null : describeTarget(anchor, visibility)));
    for (const child of childrenOf.get(comment.id) ?? []) stack.push([child, shown ? comment : anchor]);
  }
  return replies.sort(compareByAge);
}

function describeTarget(comment: ThreadInput, visibility: ReadonlyMap<string, Visibility>): ReplyTarget {
  if (visibility.get(comment.id) === 'placeholder') return { id: comment.id, name: DELETED_NAME };
  return { id: comment.id, name: displayName(comment.authorName) };
}

function toEntry<T extends ThreadInput>(
  comment: T,
  visibility: ReadonlyMap<string, Visibility>,
  inReplyTo: ReplyTarget | null,
): ThreadEntry<T> {
  const state = visibility.get(comment.id);
  if (state === 'placeholder') {
    const { id, parentId, createdAt } = comment;
    return { id, parentId, createdAt, placeholder: true, pending: false, inReplyTo };
  }
  return { ...comment, placeholder: false, pending: state === 'pending', inReplyTo };
}
