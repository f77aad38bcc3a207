import { html, raw, type Html } from '@/lib/html/html';
import { COMMENT_LIMITS } from '@/lib/comments/schema';
import { ANONYMOUS_NAME } from '@/lib/comments/thread';

export type CommentFormProps = {
  slug: string;
  formToken: string;
  /** Set for a reply: the comment answered and its author's name. */
  parent?: { id: string; name: string };
  /** The signed-in author posts as themself: no name or email fields. */
  asAuthor?: string | null;
  values?: { name?: string | undefined; email?: string | undefined; body?: string | undefined; notifyReplies?: boolean | undefined };
  errors?: Record<string, string[] | undefined>;
  /** The comment as it will look (safe HTML), when a prerendered page's form asks the reader to check it first. */
  preview?: string | undefined;
  help: string;
};

function fieldError(id: string, errors: string[] | undefined): Html {
  return errors?.length ? html`<span class="field-error" id="${id}-error">${errors.join(' ')}</span>` : html``;
}

/** The comment (or reply) form: a plain POST that works without JavaScript. */
export function renderCommentForm(p: CommentFormProps): Html {
  const id = p.parent ? `reply-${p.parent.id}` : 'comment';
  const e = p.errors ?? {};
  const v = p.values ?? {};
  const described = (field: string, hint?: string) =>
    [hint, e[field]?.length ? `${id}-${field}-error` : undefined].filter(Boolean).join(' ') || undefined;
  const title = p.parent ? `Reply to ${p.parent.name}` : 'Leave a comment';
  // A form re-rendered after a post (no JavaScript) sits far down a long page: focus takes the reader to it.
  const focus = (['name', 'email', 'body'] as const).find((f) => e[f]?.length) ?? (p.preview !== undefined || e.form?.length ? 'submit' : null);
  const autofocus = (field: string) => (focus === field ? html` autofocus` : '');
  return html`<form class="comment-form" id="${p.parent ? 'reply-form' : 'comment-form'}" method="post" action="/${p.slug}/comments" data-comment-form aria-labelledby="${id}-title" novalidate>
<h3 id="${id}-title">${title}</h3>
${e.form?.length ? html`<p class="form-error" role="alert">${e.form.join(' ')}</p>` : html`<p class="form-error" role="alert" hidden></p>`}
${p.preview !== undefined ? html`<div class="comment-preview" role="status"><p><strong>Check your comment, then post it.</strong> It will look like this:</p><div class="comment-body">${raw(p.preview)}</div></div>` : ''}
<input type="hidden" name="slug" value="${p.slug}">
${p.parent ? html`<input type="hidden" name="parentId" value="${p.parent.id}">` : ''}
<input type="hidden" name="formToken" value="${p.formToken}">
<div class="hp" aria-hidden="true"><label for="${id}-website">Leave this field empty</label><input id="${id}-website" name="website" tabindex="-1" autocomplete="off"></div>
${p.asAuthor
    ? html`<p class="posting-as">Posting as <strong>${p.asAuthor}</strong> <span class="badge">Author</span></p>`
    : html`<div class="field"><label for="${id}-name">Name</label>
<input id="${id}-name" name="name" maxlength="${COMMENT_LIMITS.name}" autocomplete="name" value="${v.name ?? ''}"${autofocus('name')} aria-describedby="${described('name', `${id}-name-hint`)}"${e.name ? html` aria-invalid="true"` : ''}>
<span class="hint" id="${id}-name-hint">Optional. Without one you are "${ANONYMOUS_NAME}".</span>${fieldError(`${id}-name`, e.name)}</div>
<div class="field"><label for="${id}-email">Email</label>
<input id="${id}-email" name="email" type="email" maxlength="${COMMENT_LIMITS.email}" autocomplete="email" value="${v.email ?? ''}"${autofocus('email')} aria-describedby="${described('email', `${id}-email-hint`)}"${e.email ? html` aria-invalid="true"` : ''}>
<span class="hint" id="${id}-email-hint">Optional, never shown. Only used to tell you about replies, after you confirm it once by email.</span>${fieldError(`${id}-email`, e.email)}</div>`}
<div class="field"><label for="${id}-body">Comment</label>
<textarea id="${id}-body" name="body" rows="${p.parent ? 4 : 6}" required maxlength="${COMMENT_LIMITS.body}"${autofocus('body')} aria-describedby="${described('body', `${id}-body-hint`)}"${e.body ? html` aria-invalid="true"` : ''}>${v.body ?? ''}</textarea>
<span class="hint" id="${id}-body-hint">${p.help}</span>${fieldError(`${id}-body`, e.body)}</div>
${p.asAuthor
    ? ''
    : html`<div class="field-check"><input type="checkbox" id="${id}-notify" name="notifyReplies"${v.notifyReplies ? ' checked' : ''}><label for="${id}-notify">Email me when someone replies</label></div>`}
<div class="form-actions"><button type="submit"${autofocus('submit')}>${p.parent ? 'Post reply' : 'Post comment'}</button></div>
</form>`;
}
