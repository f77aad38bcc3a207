import { html, raw, type Html } from '@/lib/html/html';
import { formatHumanDate } from '@/lib/content/dates';
import type { DiscussionComment } from '@/lib/comments/discussion';
import { displayName } from '@/lib/comments/thread';
import { renderAvatar } from './avatar';

/** One comment as the page shows it (already filtered and threaded by lib/comments). */
export type CommentView = DiscussionComment;

export type ThreadView = { root: CommentView; replies: CommentView[] };



/** "just now", "5 minutes ago", "3 days ago", "2 years ago". */
export function formatRelative(date: Date, now: Date): string {
  const s = Math.max(0, Math.round((now.getTime() - date.getTime()) / 1000));
  const steps: Array<[number, string]> = [[60, 'second'], [60, 'minute'], [24, 'hour'], [30, 'day'], [12, 'month'], [Infinity, 'year']];
  if (s < 45) return 'just now';
  let value = s;
  for (const [size, unit] of steps) {
    if (value < size) return `${value} ${unit}${value === 1 ? '' : 's'} ago`;
    value = Math.floor(value / size);
  }
  return '';
}

function exactTime(d: Date): string {
  return `${formatHumanDate(d.toISOString().slice(0, 10))} at ${d.toISOString().slice(11, 16)} UTC`;
}

// A big discussion is mostly the same comments page after page: their markup is kept per
// version and relative time, so re-rendering 2,000 comments is mostly lookups.
const fragments = new Map<string, Html>();
const FRAGMENTS_MAX = 20_000;

/** A comment article with its byline, body and actions. `replyForm` opens under it. */
export function renderComment(c: CommentView, p: { slug: string; now: Date; replyForm?: Html | undefined; editing?: boolean }): Html {
  const shared = !p.replyForm && !p.editing && !c.editable && !c.pending;
  if (!shared) return renderCommentNow(c, p);
  const key = `${p.slug}:${c.id}:${c.editedAt?.getTime() ?? 0}:${c.placeholder}:${c.bodyHtml.length}:${c.inReplyTo?.name ?? ""}:${formatRelative(c.createdAt, p.now)}`;
  let out = fragments.get(key);
  if (!out) {
    out = renderCommentNow(c, p);
    if (fragments.size >= FRAGMENTS_MAX) fragments.delete(fragments.keys().next().value!);
    fragments.set(key, out);
  }
  return out;
}

function renderCommentNow(c: CommentView, p: { slug: string; now: Date; replyForm?: Html | undefined; editing?: boolean }): Html {
  if (c.placeholder) {
    return html`<article class="comment comment-deleted" id="comment-${c.id}"><p>This comment was deleted.</p></article>`;
  }
  const byId = `comment-${c.id}-by`;
  return html`<article class="comment${c.isAuthor ? ' comment-by-author' : ''}${c.pending ? ' comment-pending' : ''}" id="comment-${c.id}" aria-labelledby="${byId}">
<header class="comment-meta">
${renderAvatar(displayName(c.authorName), c.isAuthor)}<span class="comment-author" id="${byId}">${displayName(c.authorName)}</span>${c.isAuthor ? html` <span class="badge">Author</span>` : ''}
${c.inReplyTo ? html`<span class="in-reply-to">in reply to <a href="#comment-${c.inReplyTo.id}">${c.inReplyTo.name}</a></span>` : ''}
<a class="comment-permalink" href="#comment-${c.id}"><time datetime="${c.createdAt.toISOString()}" data-relative>${formatRelative(c.createdAt, p.now)}</time></a> <span class="comment-date">${exactTime(c.createdAt)}</span>
${c.editedAt ? html`<span class="edited">(edited)</span>` : ''}
${c.pending ? html`<strong class="pending-note">Awaiting moderation: only you can see it.</strong>` : ''}
</header>
<div class="comment-body">${raw(c.bodyHtml)}</div>
<div class="comment-actions">
${c.pending
    ? ''
    : html`<form class="reply-open" method="get" action="/${p.slug}/comments#reply-form"><input type="hidden" name="reply" value="${c.id}"><button type="submit" aria-describedby="${byId}">Reply</button></form>`}
${c.editable
    ? html`<form class="comment-edit-open" method="get" action="/${p.slug}/comments#edit-form"><input type="hidden" name="edit" value="${c.id}"><button type="submit" aria-describedby="${byId}">Edit</button></form>
<form class="comment-delete" method="post" action="/api/comments/${c.id}/delete"><button type="submit" aria-describedby="${byId}">Delete</button></form>`
    : ''}
</div>
${p.editing && c.editable ? renderEditForm(c) : ''}
${p.replyForm ?? ''}
</article>`;
}

/** The commenter's own edit form (the no-JavaScript path; the script edits in place). */
function renderEditForm(c: CommentView): Html {
  return html`<form class="comment-form" id="edit-form" method="post" action="/api/comments/${c.id}/edit" aria-labelledby="edit-${c.id}-title">
<h3 id="edit-${c.id}-title">Edit your comment</h3>
<div class="field"><label for="edit-${c.id}-body">Comment</label><textarea id="edit-${c.id}-body" name="body" rows="5" required maxlength="10000">${c.source ?? ''}</textarea></div>
<div class="form-actions"><button type="submit">Save changes</button></div>
</form>`;
}
