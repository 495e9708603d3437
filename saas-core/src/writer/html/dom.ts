import { parseDocument } from 'htmlparser2';
import { type ChildNode, type Element, isTag, isText } from 'domhandler';

/** Parses an HTML fragment (entities decoded, tag names lower-cased). */
export function parseFragment(html: string): ChildNode[] {
  return parseDocument(html, { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true }).children;
}

/** Phrasing content that may live inside a paragraph, heading, list item, table cell or caption. */
export const INLINE_TAGS = new Set([
  ...['a', 'abbr', 'b', 'br', 'cite', 'code', 'del', 'em', 'i', 'img', 'ins', 'mark', 's', 'span', 'strong', 'sub', 'sup', 'u'],
  ...['kbd', 'q', 'small', 'time', 'var', 'samp', 'bdi', 'bdo', 'wbr'],
]);

const VOID_TAGS = new Set(['br', 'img', 'hr', 'wbr']);
const BOOLEAN_ATTRIBUTES = new Set(['reversed']);

export function isElement(node: ChildNode): node is Element {
  return isTag(node);
}

export function isInline(node: ChildNode): boolean {
  return !isTag(node) || INLINE_TAGS.has(node.name);
}

export function elementChildren(el: Element): Element[] {
  return el.children.filter(isElement);
}

/** True when the subtree holds any block-level element (which cannot sit inside phrasing content). */
export function containsBlock(node: ChildNode): boolean {
  if (!isTag(node)) return false;
  return node.children.some((child) => (isTag(child) && !INLINE_TAGS.has(child.name)) || containsBlock(child));
}

export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** `<name a="b">`; boolean attributes such as `reversed` are written bare. */
export function openTag(name: string, attribs: Record<string, string>, selfClose = false): string {
  const attrs = Object.entries(attribs)
    .map(([key, value]) => (BOOLEAN_ATTRIBUTES.has(key) ? ` ${key}` : ` ${key}="${escapeAttribute(value)}"`))
    .join('');
  return `<${name}${attrs}${selfClose ? '/' : ''}>`;
}

/** Visible text of a subtree, entities decoded. */
export function textOf(nodes: ChildNode[]): string {
  return nodes.map((node) => (isText(node) ? node.data : isTag(node) ? textOf(node.children) : '')).join('');
}

/**
 * Phrasing HTML for a list of nodes. Block-level elements met inside (a <p> in an <li>, a <div> in a <td>) are
 * flattened to their inline content, separated by <br>, so the result is always valid inside one rich-text field.
 */
export function inlineHtml(nodes: ChildNode[], preserveWhitespace = false): string {
  let out = '';
  let breakPending = false;
  const append = (html: string) => {
    if (html.trim() === '') {
      if (!breakPending) out += html;
      return;
    }
    if (breakPending && out.trim() !== '') out += '<br>';
    breakPending = false;
    out += html;
  };
  for (const node of nodes) {
    // Source indentation means nothing outside <pre>: collapse it like the browser does.
    if (isText(node)) append(escapeText(preserveWhitespace ? node.data : node.data.replace(/[ \t\n\r\f]+/g, ' ')));
    else if (!isTag(node)) continue;
    else if (INLINE_TAGS.has(node.name)) append(inlineElement(node, preserveWhitespace));
    else if (node.name !== 'hr') {
      breakPending = true;
      append(inlineHtml(node.children, preserveWhitespace).trim());
      breakPending = true;
    }
  }
  return out;
}

function inlineElement(el: Element, preserveWhitespace: boolean): string {
  if (VOID_TAGS.has(el.name)) return el.name === 'img' ? openTag('img', el.attribs, true) : `<${el.name}>`;
  return `${openTag(el.name, el.attribs)}${inlineHtml(el.children, preserveWhitespace)}</${el.name}>`;
}

/** Drops leading/trailing whitespace and <br>s that would only render as empty lines. */
export function trimInline(html: string): string {
  return html.replace(/^(?:\s|&nbsp;|\u00a0|<br\s*\/?>)+/i, '').replace(/(?:\s|&nbsp;|\u00a0|<br\s*\/?>)+$/i, '');
}

/** Whether phrasing HTML shows anything: text or an image. */
export function hasVisibleContent(html: string): boolean {
  return /<img\b/i.test(html) || html.replace(/<[^>]*>/g, '').replace(/&nbsp;|\u00a0|\s/g, '') !== '';
}
