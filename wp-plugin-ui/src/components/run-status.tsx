import { __ } from '@wordpress/i18n';
import { Igny8Error, plainMessage } from '../api/errors';
import type { AiTaskProgress } from '../api/types';
import { ProgressBar } from './progress-bar';

const LABELS: Record<AiTaskProgress['status'], () => string> = {
  queued: () => __('Queued', 'igny8-bridge'),
  running: () => __('Running', 'igny8-bridge'),
  completed: () => __('Done', 'igny8-bridge'),
  failed: () => __('Failed', 'igny8-bridge'),
};

/** A run's state: a progress bar while it works, why in plain words when it failed. */
export function RunStatus({
  run,
  showProgress = false,
}: {
  run: Pick<AiTaskProgress, 'status' | 'progress' | 'message' | 'error'>;
  showProgress?: boolean;
}) {
  if (showProgress && (run.status === 'queued' || run.status === 'running')) {
    return <ProgressBar value={run.progress} label={__('AI task progress', 'igny8-bridge')} message={run.message} />;
  }
  if (run.status === 'failed' && run.error) {
    return (
      <span className="igny8-run igny8-run--failed">
        {LABELS.failed()}: {plainMessage(new Igny8Error(run.error.code, run.error.message))}
      </span>
    );
  }
  return <span className={`igny8-run igny8-run--${run.status}`}>{LABELS[run.status]()}</span>;
}
