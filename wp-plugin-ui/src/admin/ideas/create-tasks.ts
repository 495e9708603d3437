import { _n, sprintf } from '@wordpress/i18n';

/** What creating tasks did, in words. */
export function createTasksSummary(created: number, skipped: number): string {
  const made = sprintf(
    /* translators: %d: tasks created */ _n('%d writing task created.', '%d writing tasks created.', created, 'igny8-bridge'),
    created,
  );
  if (skipped === 0) {
    return made;
  }
  return `${made} ${sprintf(
    /* translators: %d: ideas that already had a task */
    _n('%d idea already had a task and was skipped.', '%d ideas already had a task and were skipped.', skipped, 'igny8-bridge'),
    skipped,
  )}`;
}
