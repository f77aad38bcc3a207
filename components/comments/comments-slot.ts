import { html, type Html } from '@/lib/html/html';

/** Where an issue's comments go, under the article. Renders nothing until comments exist (issue #3). */
export function renderCommentsSlot(_slug: string): Html {
  return html``;
}
