/** What other modules may use of the writer. */
export { Content, Image, Task } from './models';
export { createTasks, type TaskInput } from './commands/tasks';
export { createContent, updateContent } from './commands/content';
export { htmlToBlocks, sanitizeHtml, summarizeHtml } from './html';
export { removeImageFile, storeImage, type StoredFile } from './media';
