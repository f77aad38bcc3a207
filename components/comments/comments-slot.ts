import { html, type Html } from '@/lib/html/html';
import { renderCommentSection, type CommentSectionProps } from './comment-section';

/** Where an issue's comments go, under the article; a short note when they cannot be loaded. */
export function renderCommentsSlot(section: CommentSectionProps | null): Html {
  if (!section) {
    return html`<section class="comments" id="comments" aria-labelledby="comments-title"><h2 id="comments-title">Comments</h2><p>Comments cannot be shown right now. Please try again in a minute.</p></section>`;
  }
  return renderCommentSection(section);
}
