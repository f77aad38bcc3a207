import type { Element, ElementContent, Text } from 'hast';

/** True for a text node holding only whitespace. */
export function isBlank(node: ElementContent): boolean {
  return node.type === 'text' && node.value.trim() === '';
}

/** The node's children without whitespace-only text. */
export function meaningfulChildren(el: Element): ElementContent[] {
  return el.children.filter((c) => !isBlank(c));
}

export function isElement(node: unknown, tagName?: string): node is Element {
  return (
    typeof node === 'object' &&
    node !== null &&
    (node as Element).type === 'element' &&
    (tagName === undefined || (node as Element).tagName === tagName)
  );
}

export function element(
  tagName: string,
  properties: Element['properties'],
  children: ElementContent[],
): Element {
  return { type: 'element', tagName, properties, children };
}

export function text(value: string): Text {
  return { type: 'text', value };
}
