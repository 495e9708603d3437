/** What other modules may use of the writer. */
export { Content, Task } from './models';
export { createTasks, type TaskInput } from './commands/tasks';
export { htmlToBlocks, sanitizeHtml } from './html';
