import { findSection, hasContent, headingText, sectionRanges, type BlockLike } from './sections';

const heading = (text: string, level = 2, clientId = text): BlockLike => ({ name: 'core/heading', clientId, attributes: { content: text, level } });
const paragraph = (text: string, clientId = text): BlockLike => ({ name: 'core/paragraph', clientId, attributes: { content: text } });

describe('article sections', () => {
  const post = [
    paragraph('Intro'),
    heading('Why trail shoes'),
    paragraph('Grip.'),
    heading('Lugs', 3),
    paragraph('Depth.'),
    heading('How to <em>choose</em>'),
    paragraph('Fit.'),
  ];

  it('splits at H2 headings only, keeping H3s inside their section', () => {
    expect(sectionRanges(post)).toEqual([
      { heading: 'Why trail shoes', start: 1, end: 5 },
      { heading: 'How to choose', start: 5, end: 7 },
    ]);
  });

  it('finds a section by its heading even after the editor moved it', () => {
    const moved = [post[5]!, post[6]!, ...post.slice(0, 5)];
    expect(findSection(moved, 'Why trail shoes', 0).map((block) => block.clientId)).toEqual(['Why trail shoes', 'Grip.', 'Lugs', 'Depth.']);
  });

  it('falls back to the index when the heading text was edited, and to nothing past the end', () => {
    const edited = post.map((block) => (block.clientId === 'How to <em>choose</em>' ? heading('Choosing well', 2, 'edited') : block));
    expect(findSection(edited, 'How to choose', 1).map((block) => block.clientId)).toEqual(['edited', 'Fit.']);
    expect(findSection(post, 'Nope', 7)).toEqual([]);
  });

  it('reads heading text without markup or entities', () => {
    expect(headingText(heading('Salt &amp; pepper&nbsp;<strong>now</strong>'))).toBe('Salt & pepper now');
  });

  it('treats a new post with one empty paragraph as empty', () => {
    expect(hasContent([paragraph('')])).toBe(false);
    expect(hasContent([])).toBe(false);
    expect(hasContent([paragraph('x')])).toBe(true);
    expect(hasContent([heading('')])).toBe(true);
  });
});
