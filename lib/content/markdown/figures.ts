import type { Element, ElementContent, Root } from 'hast';
import { visit } from 'unist-util-visit';
import { element, isElement, meaningfulChildren } from './hast';

/**
 * An image alone in its paragraph becomes a `<figure>`; an emphasised line
 * right under it in the same paragraph becomes its `<figcaption>` (links kept).
 */
export function rehypeFigures() {
  return (tree: Root) => {
    visit(tree, 'element', (node, index, parent) => {
      if (node.tagName !== 'p' || !parent || index === undefined) return;
      const figure = toFigure(node);
      if (figure) parent.children[index] = figure;
    });
  };
}

function toFigure(paragraph: Element): Element | null {
  const parts = meaningfulChildren(paragraph);
  const [image, caption, ...rest] = parts;
  if (!isElement(image, 'img') || rest.length > 0) return null;
  if (caption === undefined) return element('figure', {}, [image]);
  if (!isElement(caption, 'em')) return null;
  // The caption must sit on its own line under the image, not beside it.
  const between = paragraph.children.slice(
    paragraph.children.indexOf(image) + 1,
    paragraph.children.indexOf(caption),
  );
  if (!between.some((n: ElementContent) => n.type === 'text' && n.value.includes('\n')) &&
      !between.some((n) => isElement(n, 'br'))) {
    return null;
  }
  return element('figure', {}, [image, element('figcaption', {}, caption.children)]);
}
