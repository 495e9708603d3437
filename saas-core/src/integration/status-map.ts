import type { ContentStatus } from '../writer/models';

/** REFERENCE.md's status maps between IGNY8 content and WordPress posts. */
export const WP_STATUS_FOR: Partial<Record<ContentStatus, string>> = {
  published: 'publish',
  draft: 'draft',
  review: 'pending',
  scheduled: 'future',
  archived: 'trash',
};

const CONTENT_STATUS_FOR: Record<string, ContentStatus> = {
  publish: 'published',
  private: 'published',
  pending: 'review',
  draft: 'draft',
  future: 'scheduled',
  trash: 'archived',
};

/** Our status for a WordPress post status; null for ones we do not follow (auto-draft, inherit, custom). */
export function contentStatusForWp(wpStatus: string): ContentStatus | null {
  return CONTENT_STATUS_FOR[wpStatus] ?? null;
}

/** The task follows its content: published while the post is live, completed otherwise. */
export function taskStatusFor(contentStatus: ContentStatus): 'published' | 'completed' {
  return contentStatus === 'published' ? 'published' : 'completed';
}
