/**
 * Sections of an article as the writer makes them: an H2 heading block and every block after it up to the
 * next H2. Pure, so the sidebar's replacing of one section is tested without an editor.
 */
export interface BlockLike {
  name: string;
  clientId?: string;
  attributes: Record<string, unknown>;
}

/** The text of a heading's content attribute (a string on WordPress 6.1, rich text on newer ones). */
export function headingText(block: BlockLike): string {
  const content = block.attributes.content;
  const html = typeof content === 'string' ? content : content === undefined || content === null ? '' : String(content);
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

export function isSectionHeading(block: BlockLike): boolean {
  return block.name === 'core/heading' && (block.attributes.level === undefined || block.attributes.level === 2);
}

/** Where each section starts and ends (end exclusive), in block order. Blocks before the first H2 are no section. */
export function sectionRanges<B extends BlockLike>(blocks: B[]): Array<{ heading: string; start: number; end: number }> {
  const starts = blocks.flatMap((block, index) => (isSectionHeading(block) ? [index] : []));
  return starts.map((start, position) => ({
    heading: headingText(blocks[start] as B),
    start,
    end: starts[position + 1] ?? blocks.length,
  }));
}

/**
 * The blocks of one section of `blocks`, found by its heading's text (an editor may have moved sections or added
 * an introduction, so the index alone is not trusted); falls back to the same index when the heading was edited.
 */
export function findSection<B extends BlockLike>(blocks: B[], heading: string, index: number): B[] {
  const ranges = sectionRanges(blocks);
  const range = ranges.find((candidate) => candidate.heading === heading) ?? ranges[index];
  return range ? blocks.slice(range.start, range.end) : [];
}

/** Whether the post has anything a user wrote (an empty paragraph from a new post does not count). */
export function hasContent(blocks: BlockLike[]): boolean {
  return blocks.some((block) => !(block.name === 'core/paragraph' && headingText(block) === ''));
}
