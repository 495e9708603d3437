import { type ChildNode, type Element, isTag, isText } from 'domhandler';
import { blockMarkup, type BlockAttributes, joinBlocks } from './block-markup';
import { containsBlock, elementChildren, hasVisibleContent, inlineHtml, isInline, openTag, parseFragment, textOf, trimInline } from './dom';
import { sanitizeHtml } from './sanitize';

/*
 * HTML -> Gutenberg block markup. The markup is what WordPress 6.1's own save() functions write (list and quote
 * with inner blocks, no wp-block-heading / wp-block-list classes): 6.1 validates it as is, and current WordPress
 * accepts it through the heading and list deprecations it keeps for exactly that markup.
 */

/** Block names htmlToBlocks may emit. */
export const EMITTED_BLOCKS = [
  'core/paragraph',
  'core/heading',
  'core/list',
  'core/list-item',
  'core/quote',
  'core/table',
  'core/image',
  'core/separator',
  'core/code',
  'core/preformatted',
  'core/html',
] as const;

const WRAPPERS = new Set(['div', 'section', 'article', 'main', 'header', 'footer', 'aside', 'nav', 'body', 'html']);
const HEADING = /^h([1-6])$/;

/** Converts (and first sanitises) article HTML to serialized blocks, with nothing left as Classic/freeform content. */
export function htmlToBlocks(html: string): string {
  return joinBlocks(convertNodes(parseFragment(sanitizeHtml(html))));
}

/** Block sequence for sibling nodes: block elements convert one by one, runs of inline content become paragraphs. */
function convertNodes(nodes: ChildNode[]): string[] {
  const blocks: string[] = [];
  let run: ChildNode[] = [];
  const flush = () => {
    blocks.push(...paragraphsFromRun(run));
    run = [];
  };
  for (const node of hoistBlocks(nodes)) {
    if (isInline(node) && !isStandaloneImage(node)) {
      run.push(node);
      continue;
    }
    flush();
    if (isTag(node)) blocks.push(...convertElement(node));
  }
  flush();
  return blocks;
}

/** An inline wrapper around block content (<span><p>…</p></span>, <a><div>…</div></a>) cannot stay inline: unwrap it. */
function hoistBlocks(nodes: ChildNode[]): ChildNode[] {
  return nodes.flatMap((node) => (isTag(node) && isInline(node) && containsBlock(node) ? hoistBlocks(node.children) : [node]));
}

/** A run of stray text and inline elements; two or more <br> in a row mark a paragraph break, as in AI output. */
function paragraphsFromRun(run: ChildNode[]): string[] {
  const groups: ChildNode[][] = [[]];
  let brs = 0;
  for (const node of run) {
    if (isTag(node) && node.name === 'br') brs += 1;
    else if (!(isText(node) && node.data.trim() === '' && brs > 0)) {
      if (brs >= 2) groups.push([]);
      brs = 0;
    }
    groups[groups.length - 1]!.push(node);
  }
  return groups.flatMap((group) => paragraph(inlineHtml(group)));
}

function convertElement(el: Element): string[] {
  const level = HEADING.exec(el.name)?.[1];
  if (level) return heading(Number(level), inlineHtml(el.children));
  switch (el.name) {
    case 'p':
      return isStandaloneImage(el) ? imageFrom(el) : paragraph(inlineHtml(el.children));
    case 'ul':
    case 'ol':
      return list(el);
    case 'table':
      return table(el, null);
    case 'figure':
      return figure(el);
    case 'img':
    case 'a':
      return imageFrom(el);
    case 'blockquote':
      return quote(el);
    case 'hr':
      return [blockMarkup('core/separator', '<hr class="wp-block-separator has-alpha-channel-opacity"/>')];
    case 'pre':
      return preformatted(el);
    default:
      // Wrappers are unwrapped; orphan list/table/caption parts keep their text as paragraphs.
      return WRAPPERS.has(el.name) ? convertNodes(el.children) : paragraph(inlineHtml(el.children));
  }
}

function paragraph(content: string): string[] {
  const html = trimInline(content);
  return hasVisibleContent(html) ? [blockMarkup('core/paragraph', `<p>${html}</p>`)] : [];
}

function heading(level: number, content: string): string[] {
  const html = trimInline(content);
  if (!hasVisibleContent(html)) return [];
  // level 2 is the block's default and core leaves defaults out of the comment.
  const attrs: BlockAttributes = level === 2 ? {} : { level };
  return [blockMarkup('core/heading', `<h${level}>${html}</h${level}>`, attrs)];
}

/**
 * core/list with core/list-item inner blocks: the form 6.1's and current list blocks save. A nested <ul>/<ol> becomes a
 * core/list inner block of its item; other block content in an item is flattened to inline HTML (list items only
 * accept nested lists as inner blocks).
 */
function list(el: Element): string[] {
  const items = listItems(el).flatMap(listItem);
  if (items.length === 0) return [];
  const attrs: BlockAttributes = {};
  const tagAttrs: Record<string, string> = {};
  if (el.name === 'ol') {
    // Attribute order follows block.json (ordered, start, reversed); the tag follows save(): reversed, then start.
    attrs.ordered = true;
    const start = Number.parseInt(el.attribs.start ?? '', 10);
    if (Number.isFinite(start)) attrs.start = start;
    if (el.attribs.reversed !== undefined) {
      attrs.reversed = true;
      tagAttrs.reversed = '';
    }
    if (Number.isFinite(start)) tagAttrs.start = String(start);
  }
  const open = openTag(el.name, tagAttrs);
  return [blockMarkup('core/list', `${open}${joinBlocks(items)}</${el.name}>`, attrs)];
}

/** The <li>s of a list; stray content between them is gathered into an item of its own. */
function listItems(el: Element): Element[] {
  const items: Element[] = [];
  let stray: ChildNode[] = [];
  const flush = () => {
    if (stray.some((n) => textOf([n]).trim() !== '' || isTag(n))) items.push(syntheticElement('li', stray));
    stray = [];
  };
  for (const child of el.children) {
    if (isTag(child) && child.name === 'li') {
      flush();
      items.push(child);
    } else stray.push(child);
  }
  flush();
  return items;
}

function listItem(li: Element): string[] {
  const nested = li.children.filter((n): n is Element => isTag(n) && (n.name === 'ul' || n.name === 'ol'));
  const content = trimInline(inlineHtml(li.children.filter((n) => !nested.includes(n as Element))));
  const inner = nested.flatMap(list);
  if (!hasVisibleContent(content) && inner.length === 0) return [];
  return [blockMarkup('core/list-item', `<li>${content}${joinBlocks(inner)}</li>`)];
}

function syntheticElement(name: string, children: ChildNode[]): Element {
  return { type: 'tag', name, attribs: {}, children } as unknown as Element;
}

interface TableRows {
  head: Element[];
  body: Element[];
  foot: Element[];
  caption: string;
}

/**
 * core/table. WordPress 6.1's table block has no colspan/rowspan (they came in 6.2) and would drop them, so such a
 * table is kept exactly as a core/html block instead of being silently reshaped.
 */
function table(el: Element, figcaption: string | null): string[] {
  const rows = tableRows(el);
  const caption = trimInline(figcaption ?? rows.caption);
  const all = [...rows.head, ...rows.body, ...rows.foot];
  if (all.length === 0) return [];
  if (all.some((tr) => elementChildren(tr).some((cell) => cell.attribs.colspan !== undefined || cell.attribs.rowspan !== undefined))) {
    return [blockMarkup('core/html', htmlTable(rows, caption))];
  }
  const sections = [section('thead', rows.head), section('tbody', rows.body), section('tfoot', rows.foot)].join('');
  const figcaptionHtml = hasVisibleContent(caption) ? `<figcaption class="wp-element-caption">${caption}</figcaption>` : '';
  // hasFixedLayout is written out because its default differs: false on 6.1, true on current WordPress.
  return [
    blockMarkup('core/table', `<figure class="wp-block-table"><table>${sections}</table>${figcaptionHtml}</figure>`, { hasFixedLayout: false }),
  ];
}

function tableRows(el: Element): TableRows {
  const rows: TableRows = { head: [], body: [], foot: [], caption: '' };
  for (const child of elementChildren(el)) {
    if (child.name === 'tr') rows.body.push(child);
    else if (child.name === 'thead') rows.head.push(...rowsOf(child));
    else if (child.name === 'tbody') rows.body.push(...rowsOf(child));
    else if (child.name === 'tfoot') rows.foot.push(...rowsOf(child));
    else if (child.name === 'caption') rows.caption = inlineHtml(child.children);
  }
  return rows;
}

function rowsOf(group: Element): Element[] {
  return elementChildren(group).filter((row) => row.name === 'tr' && elementChildren(row).some((c) => c.name === 'td' || c.name === 'th'));
}

function section(tag: string, rows: Element[]): string {
  return rows.length === 0 ? '' : `<${tag}>${rows.map((row) => `<tr>${cells(row, false)}</tr>`).join('')}</${tag}>`;
}

/** Cells keep only what the table block stores: tag, content and (for th) scope. */
function cells(row: Element, keepSpans: boolean): string {
  return elementChildren(row)
    .filter((cell) => cell.name === 'td' || cell.name === 'th')
    .map((cell) => {
      const attribs: Record<string, string> = {};
      if (cell.name === 'th' && cell.attribs.scope) attribs.scope = cell.attribs.scope;
      if (keepSpans && cell.attribs.colspan) attribs.colspan = cell.attribs.colspan;
      if (keepSpans && cell.attribs.rowspan) attribs.rowspan = cell.attribs.rowspan;
      return `${openTag(cell.name, attribs)}${trimInline(inlineHtml(cell.children))}</${cell.name}>`;
    })
    .join('');
}

function htmlTable(rows: TableRows, caption: string): string {
  const group = (tag: string, list: Element[]) =>
    list.length === 0 ? '' : `<${tag}>${list.map((r) => `<tr>${cells(r, true)}</tr>`).join('')}</${tag}>`;
  const captionHtml = hasVisibleContent(caption) ? `<caption>${caption}</caption>` : '';
  return `<table>${captionHtml}${group('thead', rows.head)}${group('tbody', rows.body)}${group('tfoot', rows.foot)}</table>`;
}

/** <figure>: an image or a table with its <figcaption>, a quote; anything else is unwrapped. */
function figure(el: Element): string[] {
  const children = elementChildren(el);
  const captionEl = children.find((c) => c.name === 'figcaption');
  const caption = captionEl ? inlineHtml(captionEl.children) : '';
  const body = children.filter((c) => c !== captionEl);
  const only = body.length === 1 ? body[0] : undefined;
  if (only && (only.name === 'img' || isStandaloneImage(only))) return image(findImage(only)!, linkOf(only), caption);
  if (only?.name === 'table') return table(only, caption);
  const rest = convertNodes(el.children.filter((c) => c !== captionEl));
  return hasVisibleContent(trimInline(caption)) ? [...rest, ...paragraph(caption)] : rest;
}

/** An <img> alone, or wrapped only in a link and/or a paragraph: becomes core/image rather than inline content. */
function isStandaloneImage(node: ChildNode): boolean {
  if (!isTag(node)) return false;
  if (node.name === 'img') return true;
  if (node.name !== 'a' && node.name !== 'p') return false;
  const meaningful = node.children.filter((c) => isTag(c) || textOf([c]).trim() !== '');
  return meaningful.length === 1 && isStandaloneImage(meaningful[0]!);
}

function findImage(el: Element): Element | undefined {
  if (el.name === 'img') return el;
  for (const child of elementChildren(el)) {
    const found = findImage(child);
    if (found) return found;
  }
  return undefined;
}

function linkOf(el: Element): Element | undefined {
  if (el.name === 'a') return el;
  return elementChildren(el).find((c) => c.name === 'a');
}

function imageFrom(el: Element): string[] {
  const img = findImage(el);
  if (!img) return paragraph(inlineHtml(el.children));
  return image(img, linkOf(el), '');
}

/** core/image: src and alt only (width/height are comment attributes whose format changed after 6.1). */
function image(img: Element, link: Element | undefined, caption: string): string[] {
  const src = img.attribs.src;
  if (!src) return [];
  let inner = openTag('img', { src, alt: img.attribs.alt ?? '' }, true);
  if (link?.attribs.href) {
    const { href, target, rel } = link.attribs;
    inner = `${openTag('a', { href, ...(target ? { target } : {}), ...(rel ? { rel } : {}) })}${inner}</a>`;
  }
  const captionHtml = trimInline(caption);
  if (hasVisibleContent(captionHtml)) inner += `<figcaption class="wp-element-caption">${captionHtml}</figcaption>`;
  return [blockMarkup('core/image', `<figure class="wp-block-image">${inner}</figure>`)];
}

/** core/quote with inner blocks; direct <cite> children (or a last paragraph that is only a cite) become the citation. */
function quote(el: Element): string[] {
  const children = [...el.children];
  const cites: string[] = [];
  const kept = children.filter((child) => {
    if (isTag(child) && child.name === 'cite') {
      cites.push(inlineHtml(child.children));
      return false;
    }
    return true;
  });
  const last = [...kept].reverse().find((c) => isTag(c) || textOf([c]).trim() !== '');
  if (last && isTag(last) && last.name === 'p' && isCiteOnly(last)) {
    cites.push(inlineHtml(elementChildren(last).find((c) => c.name === 'cite')!.children));
    kept.splice(kept.indexOf(last), 1);
  }
  const inner = convertNodes(kept);
  const citation = trimInline(cites.join(', '));
  if (inner.length === 0 && !hasVisibleContent(citation)) return [];
  const citeHtml = hasVisibleContent(citation) ? `<cite>${citation}</cite>` : '';
  return [blockMarkup('core/quote', `<blockquote class="wp-block-quote">${joinBlocks(inner)}${citeHtml}</blockquote>`)];
}

/** "<p>— <cite>Name</cite></p>": a paragraph holding just a cite and dashes. */
function isCiteOnly(p: Element): boolean {
  const elements = elementChildren(p);
  const loose = p.children
    .filter(isText)
    .map((t) => t.data)
    .join('');
  return elements.length === 1 && elements[0]!.name === 'cite' && /^[\s\u2014\u2013\-~]*$/.test(loose);
}

/** <pre><code>…</code></pre> -> core/code; other <pre> -> core/preformatted. Whitespace is kept verbatim. */
function preformatted(el: Element): string[] {
  const meaningful = el.children.filter((c) => isTag(c) || textOf([c]).trim() !== '');
  const code = meaningful.length === 1 && isTag(meaningful[0]!) && meaningful[0].name === 'code' ? meaningful[0] : undefined;
  if (code) {
    const content = escapeCode(inlineHtml(code.children, true));
    return content.trim() === '' ? [] : [blockMarkup('core/code', `<pre class="wp-block-code"><code>${content}</code></pre>`)];
  }
  const content = inlineHtml(el.children, true);
  return content.trim() === '' ? [] : [blockMarkup('core/preformatted', `<pre class="wp-block-preformatted">${content}</pre>`)];
}

/** The code block's save() escapes "[" (no shortcodes) and the "//" of a URL alone on a line (no oEmbed). */
function escapeCode(content: string): string {
  return content.replace(/\[/g, '&#91;').replace(/^(\s*https?:)\/\/([^\s<>"]+\s*)$/m, '$1&#47;&#47;$2');
}
