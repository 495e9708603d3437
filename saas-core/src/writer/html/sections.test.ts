import fs from 'node:fs';
import path from 'node:path';
import { sanitizeHtml } from './sanitize';
import { htmlSections, replaceHtmlSection } from './sections';

const ARTICLE =
  '<p>Intro &amp; more.</p>\n<h2>First &amp; best</h2>\n<p>One.</p>\n<h2>Second</h2>\n<div><h2>Inside a div</h2></div>\n<p>Two.</p>\n<h2> Third\n part </h2><p>Three.</p>';

describe('htmlSections', () => {
  it('splits on top-level H2s: each section runs to the next one, the text before them is the introduction', () => {
    const sections = htmlSections(ARTICLE);
    expect(sections.map(({ index, heading, html }) => ({ index, heading, html }))).toEqual([
      { index: 0, heading: 'First & best', html: '<h2>First &amp; best</h2>\n<p>One.</p>\n' },
      { index: 1, heading: 'Second', html: '<h2>Second</h2>\n<div><h2>Inside a div</h2></div>\n<p>Two.</p>\n' },
      { index: 2, heading: 'Third part', html: '<h2> Third\n part </h2><p>Three.</p>' },
    ]);
    for (const section of sections) expect(ARTICLE.slice(section.start, section.end)).toBe(section.html);
    expect(sections.map((section) => section.body)).toEqual([
      '\n<p>One.</p>\n',
      '\n<div><h2>Inside a div</h2></div>\n<p>Two.</p>\n',
      '<p>Three.</p>',
    ]);
    expect(htmlSections('<p>No headings</p>')).toEqual([]);
    expect(htmlSections('')).toEqual([]);
  });

  it('replaces exactly one section and keeps every other byte', () => {
    const [, second] = htmlSections(ARTICLE);
    const replaced = replaceHtmlSection(ARTICLE, second!, '<h2>New second</h2>\n<p>New.</p>\n\n');
    expect(replaced).toBe(
      '<p>Intro &amp; more.</p>\n<h2>First &amp; best</h2>\n<p>One.</p>\n<h2>New second</h2>\n<p>New.</p>\n<h2> Third\n part </h2><p>Three.</p>',
    );
    const last = htmlSections(ARTICLE).at(-1)!;
    expect(replaceHtmlSection(ARTICLE, last, '<h2>End</h2><p>.</p>')).toBe(`${ARTICLE.slice(0, last.start)}<h2>End</h2><p>.</p>`);
  });

  // What the writer saves is sanitised again as a whole: that must leave the other sections as they were.
  const corpus = path.join(__dirname, 'corpus');
  it.each(fs.readdirSync(corpus).filter((file) => file.endsWith('.html')))(
    '%s: the other sections survive a replacement and a second sanitising',
    (file) => {
      const html = sanitizeHtml(fs.readFileSync(path.join(corpus, file), 'utf8'));
      expect(sanitizeHtml(html)).toBe(html);
      const sections = htmlSections(html);
      for (const section of sections) {
        const saved = sanitizeHtml(replaceHtmlSection(html, section, '<h2>Replaced</h2>\n<p>New text.</p>'));
        const after = htmlSections(saved);
        expect(after.map((s) => s.heading)).toEqual(sections.map((s, i) => (i === section.index ? 'Replaced' : s.heading)));
        expect(after.filter((s) => s.index !== section.index).map((s) => s.html)).toEqual(
          sections.filter((s) => s.index !== section.index).map((s) => s.html),
        );
        expect(saved.slice(0, after[0]!.start)).toBe(html.slice(0, sections[0]!.start));
      }
    },
  );
});
