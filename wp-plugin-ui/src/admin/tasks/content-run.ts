import { __, _n, sprintf } from '@wordpress/i18n';
import type { AiTaskProgress } from '../../api/types';
import type { BatchItem, BatchOutcome } from '../../components/table/use-ai-batch';

export const TASK_STATUSES = ['pending', 'queued', 'in_progress', 'completed', 'published', 'failed'] as const;

export const taskKey = (id: number): string => `task-${id}`;

/** One run per task: the core writes one article per run, so one failure never costs another article. */
export function contentBatches(taskIds: readonly number[]): BatchItem[] {
  return taskIds.map((id) => ({ key: taskKey(id), body: { task_ids: [id] } }));
}

/** What a batch of writing runs did, in words. */
export function contentSummary(outcome: Pick<BatchOutcome, 'runs' | 'errors' | 'skipped'>): { text: string; drafts: boolean; ok: boolean } {
  const runs = Object.values(outcome.runs) as Array<Pick<AiTaskProgress, 'status' | 'result'>>;
  const written = runs.filter((run) => run.status === 'completed').length;
  const drafts = runs.some((run) => run.status === 'completed' && run.result?.draft === true);
  const failed = Object.keys(outcome.errors).length;
  const parts: string[] = [
    sprintf(/* translators: %d: articles written */ _n('%d article written.', '%d articles written.', written, 'igny8-bridge'), written),
  ];
  if (failed > 0) {
    parts.push(
      sprintf(
        /* translators: %d: articles that failed */ _n('%d failed and was not charged.', '%d failed and were not charged.', failed, 'igny8-bridge'),
        failed,
      ),
    );
  }
  if (outcome.skipped.length > 0) {
    parts.push(
      sprintf(
        /* translators: %d: tasks not started */
        _n('%d task was not started.', '%d tasks were not started.', outcome.skipped.length, 'igny8-bridge'),
        outcome.skipped.length,
      ),
    );
  }
  if (drafts) {
    parts.push(__('No AI provider is set up, so the free local engine wrote draft briefs; set up a provider for finished articles.', 'igny8-bridge'));
  }
  return { text: parts.join(' '), drafts, ok: failed === 0 && outcome.skipped.length === 0 };
}
