import type { Element, Root } from 'hast';
import { toString } from 'hast-util-to-string';
import { visit } from 'unist-util-visit';
import { element, isElement } from './hast';

/**
 * Keyboard and screen-reader fixes for what Markdown produces: code blocks
 * and tables that may scroll sideways become focusable (so a keyboard can
 * scroll them), and task-list checkboxes get their item's text as a name.
 */
export function rehypeAccessibility() {
  return (tree: Root) => {
    visit(tree, 'element', (node, index, parent) => {
      if (node.tagName === 'pre') node.properties.tabIndex = 0;
      if (node.tagName === 'table' && parent && index !== undefined && !isTableWrap(parent)) {
        parent.children[index] = element('div', { className: ['table-wrap'], tabIndex: 0 }, [node]);
      }
      if (node.tagName === 'li' && hasClass(node, 'task-list-item')) labelCheckbox(node);
    });
  };
}

function isTableWrap(node: Root | Element): boolean {
  return node.type === 'element' && hasClass(node, 'table-wrap');
}

function hasClass(node: Element, name: string): boolean {
  const cls = node.properties.className;
  return Array.isArray(cls) && cls.includes(name);
}

function labelCheckbox(item: Element) {
  let input: Element | undefined;
  visit(item, 'element', (n) => {
    if (!input && n.tagName === 'input') input = n;
  });
  if (!input) return;
  // The item's own text, without any nested list below it.
  const own: Element = { ...item, children: item.children.filter((c) => !isElement(c, 'ul') && !isElement(c, 'ol')) };
  input.properties.ariaLabel = toString(own).trim();
}
