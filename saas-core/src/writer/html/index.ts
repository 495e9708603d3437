/** HTML handling for article content: sanitising, word counts and conversion to Gutenberg blocks. */
export { sanitizeHtml } from './sanitize';
export { countWords } from './count-words';
export { htmlToBlocks } from './blocks';
export { summarizeHtml } from './summary';
export { htmlSections, replaceHtmlSection, type HtmlSection } from './sections';
