import { isTag } from 'domhandler';
import { parseDocument } from 'htmlparser2';
import { textOf } from './dom';

/** One section of an article: a top-level `<h2>` and everything after it up to the next top-level `<h2>`. */
export interface HtmlSection {
  /** 0-based, in document order. */
  index: number;
  /** The heading's visible text. */
  heading: string;
  /** The section's source, heading included, exactly as it stands in the HTML. */
  html: string;
  /** The source after the heading: the section's body. */
  body: string;
  /** Where it starts and ends (exclusive) in the HTML. */
  start: number;
  end: number;
}

/**
 * The article's H2 sections, found on the source itself so a section can be replaced without
 * touching a byte of the rest. Only top-level headings open a section: an `<h2>` inside a `<div>`
 * or a table belongs to the section around it. Text before the first `<h2>` is the introduction.
 */
export function htmlSections(html: string): HtmlSection[] {
  const nodes = parseDocument(html, { withStartIndices: true, withEndIndices: true, decodeEntities: true, lowerCaseTags: true }).children;
  const headings = nodes.filter((node) => isTag(node) && node.name === 'h2');
  return headings.map((node, index) => {
    const start = node.startIndex ?? 0;
    const end = headings[index + 1]?.startIndex ?? html.length;
    const heading = textOf(isTag(node) ? node.children : [])
      .replace(/\s+/g, ' ')
      .trim();
    return { index, heading, html: html.slice(start, end), body: html.slice((node.endIndex ?? start) + 1, end), start, end };
  });
}

/**
 * The HTML with one section replaced by `replacement` (heading included). The whitespace that
 * separated the old section from the next one is kept, so everything outside the section is unchanged.
 */
export function replaceHtmlSection(html: string, section: Pick<HtmlSection, 'start' | 'end' | 'html'>, replacement: string): string {
  const trailing = /\s*$/.exec(section.html)?.[0] ?? '';
  return `${html.slice(0, section.start)}${replacement.trim()}${trailing}${html.slice(section.end)}`;
}
