export const STORE_NAME = 'igny8/ai';
/** How often a running task's progress is read (the proxy cannot hold a server-sent event stream open). */
export const POLL_INTERVAL_MS = 800;
/** Which credit operation prices each AI function, and what it counts. */
export const OPERATION_OF = {
  auto_cluster: 'clustering',
  generate_ideas: 'ideas',
  generate_content: 'content',
  generate_image_prompts: 'image_prompts',
  generate_images: 'images',
  regenerate_section: 'content_section',
} as const;

export const estimateKey = (operation: string, units: number): string => `${operation}:${units}`;
