/** What other modules may use of the writer. */
export { Content, Image, Task } from './models';
export { createTasks, type TaskInput } from './commands/tasks';
export { createContent, replaceContentSection, requireContent, requireSection, updateContent } from './commands/content';
export { htmlSections, htmlToBlocks, sanitizeHtml, summarizeHtml, type HtmlSection } from './html';
export { removeImageFile, storeImage, type StoredFile } from './media';
