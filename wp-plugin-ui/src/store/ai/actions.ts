import { coreData } from '../../api/client';
import type { AiTaskProgress } from '../../api/types';
import { POLL_INTERVAL_MS } from './constants';
import type { AiAction } from './types';

interface Started {
  task_id: string;
  credits_held: number;
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts an AI run (the core answers 202 with its task id at once), then follows it to the end. Resolves with
 * the finished run: `status` says whether it completed or failed, `error` says why in the core's typed code.
 */
export function startRun(path: string, body: Record<string, unknown>) {
  return async ({ dispatch }: { dispatch: ((action: AiAction) => void) & { followRun(taskId: string): Promise<AiTaskProgress> } }) => {
    const started = await coreData<Started>(path, { method: 'POST', data: body });
    return dispatch.followRun(started.task_id);
  };
}

/** Reads a run's progress until it ends; safe to call again for a run started before a reload. */
export function followRun(taskId: string) {
  return async ({ dispatch }: { dispatch: (action: AiAction) => void }): Promise<AiTaskProgress> => {
    for (;;) {
      const run = await coreData<AiTaskProgress>(`system/settings/task_progress/${encodeURIComponent(taskId)}`);
      dispatch({ type: 'RECEIVE_RUN', run });
      if (run.status === 'completed' || run.status === 'failed') {
        return run;
      }
      await wait(POLL_INTERVAL_MS);
    }
  };
}

export const receiveRun = (run: AiTaskProgress): AiAction => ({ type: 'RECEIVE_RUN', run });
