import { __ } from '@wordpress/i18n';

/** Every status the planner and writer use, in words. */
const LABELS: Record<string, () => string> = {
  active: () => __('Active', 'igny8-bridge'),
  inactive: () => __('Inactive', 'igny8-bridge'),
  used: () => __('Used', 'igny8-bridge'),
  archived: () => __('Archived', 'igny8-bridge'),
  new: () => __('New', 'igny8-bridge'),
  approved: () => __('Approved', 'igny8-bridge'),
  in_progress: () => __('In progress', 'igny8-bridge'),
  completed: () => __('Completed', 'igny8-bridge'),
  pending: () => __('Pending', 'igny8-bridge'),
  queued: () => __('Queued', 'igny8-bridge'),
  published: () => __('Published', 'igny8-bridge'),
  publishing: () => __('Publishing', 'igny8-bridge'),
  failed: () => __('Failed', 'igny8-bridge'),
  draft: () => __('Draft', 'igny8-bridge'),
  review: () => __('In review', 'igny8-bridge'),
  scheduled: () => __('Scheduled', 'igny8-bridge'),
  running: () => __('Running', 'igny8-bridge'),
};

export function statusLabel(status: string): string {
  return LABELS[status]?.() ?? status.replace(/_/g, ' ');
}

/** Options for a status filter: "All" first. */
export function statusOptions(statuses: readonly string[]): Array<{ label: string; value: string }> {
  return [{ label: __('All statuses', 'igny8-bridge'), value: '' }, ...statuses.map((status) => ({ label: statusLabel(status), value: status }))];
}

export function StatusBadge({ status }: { status: string }) {
  return <span className={`igny8-status igny8-status--${status}`}>{statusLabel(status)}</span>;
}
