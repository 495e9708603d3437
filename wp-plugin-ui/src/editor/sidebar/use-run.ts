import { useDispatch, useSelect } from '@wordpress/data';
import { useCallback, useEffect, useState } from '@wordpress/element';
import { coreData } from '../../api/client';
import type { AiTaskProgress } from '../../api/types';
import { aiStore } from '../../store/ai';

const storageKey = (postId: number, kind: string) => `igny8.run.${postId}.${kind}`;

function remembered(postId: number, kind: string): string | null {
  try {
    return window.localStorage.getItem(storageKey(postId, kind));
  } catch {
    return null;
  }
}

function remember(postId: number, kind: string, taskId: string | null): void {
  try {
    if (taskId) {
      window.localStorage.setItem(storageKey(postId, kind), taskId);
    } else {
      window.localStorage.removeItem(storageKey(postId, kind));
    }
  } catch {
    // Without storage a reload forgets the run; its result is still in the core.
  }
}

/**
 * One kind of AI run for this post: start it, watch its progress, and pick it up again after a reload (the run
 * id is remembered per post; the run itself and its result live in the core).
 */
export function useRun(postId: number, kind: string, onFinished: (run: AiTaskProgress) => void | Promise<void>) {
  const [taskId, setTaskId] = useState<string | null>(() => remembered(postId, kind));
  const [error, setError] = useState<unknown>(null);
  const run = useSelect((select) => select(aiStore).getRun(taskId), [taskId]);
  const { followRun } = useDispatch(aiStore) as unknown as { followRun(taskId: string): Promise<AiTaskProgress> };

  const finish = useCallback(
    async (finished: AiTaskProgress) => {
      remember(postId, kind, null);
      if (finished.status === 'completed') {
        try {
          await onFinished(finished);
        } catch (thrown: unknown) {
          setError(thrown);
        }
      }
    },
    [postId, kind, onFinished],
  );

  // A run started before a reload: follow it to its end.
  useEffect(() => {
    const pending = remembered(postId, kind);
    if (pending) {
      followRun(pending).then(finish, (thrown: unknown) => {
        remember(postId, kind, null);
        setError(thrown);
      });
    }
    // Only on mount: later runs are followed by start().
  }, []);

  const start = useCallback(
    async (path: string, body: Record<string, unknown>) => {
      setError(null);
      try {
        const started = await coreData<{ task_id: string }>(path, { method: 'POST', data: body });
        remember(postId, kind, started.task_id);
        setTaskId(started.task_id);
        await finish(await followRun(started.task_id));
      } catch (thrown: unknown) {
        remember(postId, kind, null);
        setError(thrown);
      }
    },
    [postId, kind, followRun, finish],
  );

  const busy = run !== undefined && (run.status === 'queued' || run.status === 'running');
  return { run, busy, error, start, clearError: () => setError(null) };
}
