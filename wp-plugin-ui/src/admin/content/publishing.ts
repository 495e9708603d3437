import { __, sprintf } from '@wordpress/i18n';
import { Igny8Error } from '../../api/errors';
import type { Publishing } from '../../api/types';

/** How often a queued publish is read again. */
export const PUBLISHING_POLL_MS = 1500;

export function isPublishingDone(publishing: Pick<Publishing, 'status'> | null | undefined): boolean {
  return !publishing || publishing.status === 'published' || publishing.status === 'failed';
}

/** A 404 from the publishing route means "never published", not a failure. */
export function isNeverPublished(error: unknown): boolean {
  return error instanceof Igny8Error && (error.status === 404 || error.code === 'NOT_FOUND');
}

/** Where publishing stands, in one sentence. */
export function publishingMessage(publishing: Pick<Publishing, 'status' | 'attempts' | 'error_message' | 'requested_wp_status'>): string {
  switch (publishing.status) {
    case 'queued':
      return __('Waiting to be sent to WordPress…', 'igny8-bridge');
    case 'publishing':
      return publishing.attempts > 1
        ? sprintf(/* translators: %d: the attempt number */ __('Sending to WordPress (attempt %d)…', 'igny8-bridge'), publishing.attempts)
        : __('Sending to WordPress…', 'igny8-bridge');
    case 'published':
      return publishing.requested_wp_status === 'publish'
        ? __('Published on this site.', 'igny8-bridge')
        : sprintf(
            /* translators: %s: a WordPress post status such as draft */ __('Sent to this site as %s.', 'igny8-bridge'),
            publishing.requested_wp_status,
          );
    case 'failed':
      return publishing.error_message
        ? sprintf(/* translators: %s: why publishing failed */ __('Publishing failed: %s', 'igny8-bridge'), publishing.error_message)
        : __('Publishing failed.', 'igny8-bridge');
    default:
      return '';
  }
}

/**
 * The status changes that approve an article: the core moves content draft → review → approved one step at a
 * time, so a draft takes two. Empty when it is past approval.
 */
export function approvalSteps(status: string): Array<'review' | 'approved'> {
  if (status === 'draft') {
    return ['review', 'approved'];
  }
  return status === 'review' ? ['approved'] : [];
}

export function canApprove(status: string): boolean {
  return approvalSteps(status).length > 0;
}

/** The core publishes approved content only (and re-publishes what it published or scheduled before). */
export function canPublish(status: string): boolean {
  return status === 'approved' || status === 'published' || status === 'scheduled' || status === 'archived';
}
