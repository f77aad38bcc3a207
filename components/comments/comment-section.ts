import { displayName } from '@/lib/comments/thread';
import { html, type Html } from '@/lib/html/html';
import { renderComment, type ThreadView } from './comment-item';
import { renderCommentForm, type CommentFormProps } from './comment-form';

export type CommentSectionProps = {
  slug: string;
  threads: ThreadView[];
  count: number;
  now: Date;
  form: Omit<CommentFormProps, 'slug' | 'parent'>;
  /** Open the reply form under this comment (the no-JavaScript reply path). */
  replyTo?: string | undefined;
  /** The reply form's own values and errors, when it is the one that failed. */
  replyForm?: Partial<CommentFormProps>;
  /** Open the edit form under this comment (when the reader may still edit it). */
  editing?: string | undefined;
  /** A message for the reader at the top of the section, e.g. after posting. */
  notice?: string | undefined;
};

/** Where the comments of an issue go, under the article. */
export function renderCommentSection(p: CommentSectionProps): Html {
  const heading = p.count === 0 ? 'Comments' : `${p.count.toLocaleString('en')} comment${p.count === 1 ? '' : 's'}`;
  const item = (c: ThreadView['root']) => {
    const replyForm =
      p.replyTo === c.id && !c.placeholder
        ? renderCommentForm({
            ...p.form,
            ...p.replyForm,
            slug: p.slug,
            parent: { id: c.id, name: displayName(c.authorName) },
          })
        : undefined;
    return renderComment(c, { slug: p.slug, now: p.now, replyForm, editing: p.editing === c.id });
  };
  return html`<section class="comments" id="comments" aria-labelledby="comments-title" data-comments="${p.slug}">
<h2 id="comments-title">${heading}</h2>
${p.notice ? html`<p class="notice" role="status">${p.notice}</p>` : html`<p class="notice" role="status" hidden></p>`}
${p.threads.length === 0
    ? html`<p class="comments-empty">No comments yet. Start the conversation.</p><ol class="comment-threads"></ol>`
    : html`<ol class="comment-threads">${p.threads.map(
        (t) => html`<li class="thread">${item(t.root)}${
          t.replies.length ? html`<ol class="replies">${t.replies.map((r) => html`<li>${item(r)}</li>`)}</ol>` : ''
        }</li>`,
      )}</ol>`}
${renderCommentForm({ ...p.form, slug: p.slug })}
<script type="module" src="/js/comments.js" async></script>
</section>`;
}
