export const STORE_NAME = 'igny8/writer';

/** The writer's collections and the core paths they are read from. */
export const WRITER_PATHS = {
  tasks: 'writer/tasks',
  content: 'writer/content',
  images: 'writer/images',
} as const;

export type WriterKind = keyof typeof WRITER_PATHS;
