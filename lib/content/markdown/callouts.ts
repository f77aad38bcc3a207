import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';
import { element, isElement, meaningfulChildren, text } from './hast';

/** An emoji at the very start of a string: pictographs with modifiers and joiners, or a flag. */
const LEADING_EMOJI =
  /^((?:\p{Regional_Indicator}{2})|(?:\p{Extended_Pictographic}(?:\uFE0F|\p{Emoji_Modifier}|\u200D\p{Extended_Pictographic}\uFE0F?)*))\s*/u;

/** Splits "🏄 They are…" into ["🏄", "They are…"]; null when the text does not start with an emoji. */
export function splitLeadingEmoji(value: string): [string, string] | null {
  const m = LEADING_EMOJI.exec(value);
  if (!m) return null;
  return [m[1]!, value.slice(m[0].length)];
}

/**
 * A blockquote whose text starts with an emoji becomes
 * `<aside class="callout">` with the emoji as a decorative icon.
 */
export function rehypeCallouts() {
  return (tree: Root) => {
    visit(tree, 'element', (node, index, parent) => {
      if (node.tagName !== 'blockquote' || !parent || index === undefined) return;
      const callout = toCallout(node);
      if (callout) parent.children[index] = callout;
    });
  };
}

function toCallout(quote: Element): Element | null {
  const [first] = meaningfulChildren(quote);
  if (!isElement(first, 'p')) return null;
  const lead = first.children[0];
  if (!lead || lead.type !== 'text') return null;
  const split = splitLeadingEmoji(lead.value);
  if (!split) return null;
  const [emoji, rest] = split;
  lead.value = rest;
  if (rest === '') first.children.shift();
  return element('aside', { className: ['callout'] }, [
    element('span', { className: ['callout-icon'], ariaHidden: 'true' }, [text(emoji)]),
    element('div', { className: ['callout-body'] }, meaningfulChildren(quote)),
  ]);
}
