import { type ChildNode, isTag, isText } from 'domhandler';
import { INLINE_TAGS, parseFragment } from './dom';

const HIDDEN = new Set(['script', 'style', 'template', 'noscript', 'head', 'title']);
const segmenter = new Intl.Segmenter(undefined, { granularity: 'word' });

/** Visible text; block boundaries and <br> become spaces so "<p>a</p><p>b</p>" is two words, "<b>wo</b>rd" one. */
function visibleText(nodes: ChildNode[]): string {
  return nodes
    .map((node) => {
      if (isText(node)) return node.data;
      if (!isTag(node) || HIDDEN.has(node.name)) return '';
      const inner = visibleText(node.children);
      return INLINE_TAGS.has(node.name) && node.name !== 'br' ? inner : ` ${inner} `;
    })
    .join('');
}

/** Words of the visible text of an HTML fragment (entities decoded); ICU word segmentation handles CJK and Thai. */
export function countWords(html: string): number {
  let words = 0;
  // Hyphenated compounds ("well-known", "e-mail") count once, as word processors count them.
  const text = visibleText(parseFragment(html)).replace(/(?<=[\p{L}\p{N}])[-\u2010\u2011](?=[\p{L}\p{N}])/gu, '');
  for (const segment of segmenter.segment(text)) if (segment.isWordLike) words += 1;
  return words;
}
