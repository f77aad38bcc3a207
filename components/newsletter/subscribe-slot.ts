import { html, type Html } from '@/lib/html/html';

export type SubscribePlacement = 'mid-article' | 'after-article' | 'footer';

/**
 * Where the subscribe call-to-action goes: in the middle of an article, after
 * it, and in the footer. Renders nothing until subscriptions exist (issue #4).
 */
export function renderSubscribeSlot(_placement: SubscribePlacement): Html {
  return html``;
}
