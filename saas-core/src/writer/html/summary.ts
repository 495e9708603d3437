import { isTag, type ChildNode } from 'domhandler';
import { parseFragment, textOf } from './dom';

/** An article's H2 headings and the opening of its text: what image prompts are written from. */
export function summarizeHtml(html: string, excerptLength = 600): { headings: string[]; excerpt: string } {
  const nodes = parseFragment(html);
  const headings: string[] = [];
  const collect = (list: ChildNode[]) => {
    for (const node of list) {
      if (!isTag(node)) continue;
      if (node.name === 'h2') headings.push(textOf(node.children).replace(/\s+/g, ' ').trim());
      else collect(node.children);
    }
  };
  collect(nodes);
  const text = textOf(nodes).replace(/\s+/g, ' ').trim();
  return {
    headings: headings.filter(Boolean),
    excerpt: text.length > excerptLength ? `${text.slice(0, excerptLength).replace(/\s\S*$/, '')}…` : text,
  };
}
