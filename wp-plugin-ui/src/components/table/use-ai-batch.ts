import { useDispatch, useSelect } from '@wordpress/data';
import { useCallback, useEffect, useRef, useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import { coreData } from '../../api/client';
import { Igny8Error } from '../../api/errors';
import type { AiTaskProgress } from '../../api/types';
import { aiStore } from '../../store/ai';

export interface BatchItem {
  /** What the item is to the page (a task id, "batch 2"); runs and errors are kept by it. */
  key: string;
  body: Record<string, unknown>;
}

/** Errors after which the next run of a batch would fail the same way, so the batch stops. */
const STOPPING_CODES = new Set([
  'INSUFFICIENT_CREDITS',
  'QUOTA_EXCEEDED',
  'FORBIDDEN',
  'NOT_LOGGED_IN',
  'SESSION_EXPIRED',
  'WP_ROLE_NOT_ALLOWED',
  'NOT_CONNECTED',
  'CORE_UNREACHABLE',
  'NETWORK_ERROR',
]);

export function stopsBatch(error: unknown): boolean {
  return error instanceof Igny8Error && STOPPING_CODES.has(error.code);
}

export interface BatchOutcome {
  runs: Record<string, AiTaskProgress>;
  errors: Record<string, unknown>;
  /** Items never started because an earlier one stopped the batch. */
  skipped: string[];
}

/**
 * AI runs started one after another (the core takes one article per run, five clusters per run): each is
 * started (202 with its task id), followed to its end through the ai store, then the next. The page reads each
 * item's live run by its key.
 */
export function useAiBatch() {
  const [runIds, setRunIds] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, unknown>>({});
  const [waiting, setWaiting] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const mounted = useRef(true);
  useEffect(
    () => () => {
      mounted.current = false;
    },
    [],
  );
  const { followRun } = useDispatch(aiStore) as unknown as { followRun(taskId: string): Promise<AiTaskProgress> };
  const runs = useSelect(
    (select) => {
      const found: Record<string, AiTaskProgress | undefined> = {};
      for (const [key, taskId] of Object.entries(runIds)) {
        found[key] = select(aiStore).getRun(taskId);
      }
      return found;
    },
    [runIds],
  );

  const start = useCallback(
    async (path: string, items: BatchItem[], onEach?: (item: BatchItem, run: AiTaskProgress) => void | Promise<void>): Promise<BatchOutcome> => {
      const outcome: BatchOutcome = { runs: {}, errors: {}, skipped: [] };
      const update = (apply: () => void) => {
        if (mounted.current) {
          apply();
        }
      };
      update(() => {
        setBusy(true);
        setRunIds({});
        setErrors({});
        setWaiting(items.map((item) => item.key));
      });
      for (let index = 0; index < items.length; index++) {
        const item = items[index] as BatchItem;
        try {
          const started = await coreData<{ task_id: string }>(path, { method: 'POST', data: item.body });
          update(() => setRunIds((current) => ({ ...current, [item.key]: started.task_id })));
          const run = await followRun(started.task_id);
          outcome.runs[item.key] = run;
          if (run.status === 'failed' && run.error) {
            const failure = new Igny8Error(run.error.code, run.error.message);
            outcome.errors[item.key] = failure;
            if (stopsBatch(failure)) {
              outcome.skipped = items.slice(index + 1).map((rest) => rest.key);
            }
          }
          await onEach?.(item, run);
        } catch (thrown: unknown) {
          outcome.errors[item.key] = thrown;
          update(() => setErrors((current) => ({ ...current, [item.key]: thrown })));
          if (stopsBatch(thrown)) {
            outcome.skipped = items.slice(index + 1).map((rest) => rest.key);
          }
        }
        update(() => setWaiting((current) => current.filter((key) => key !== item.key)));
        if (outcome.skipped.length > 0) {
          break;
        }
      }
      update(() => {
        setWaiting([]);
        setBusy(false);
      });
      return outcome;
    },
    [followRun],
  );

  const reset = useCallback(() => {
    setRunIds({});
    setErrors({});
    setWaiting([]);
  }, []);

  return { start, busy, runs, errors, waiting, reset };
}

/** The progress of a batch as one number: finished runs count whole, the running one by its percent. */
export function batchProgress(
  keys: string[],
  runs: Record<string, Pick<AiTaskProgress, 'status' | 'progress'> | undefined>,
  errors: Record<string, unknown>,
): number {
  if (keys.length === 0) {
    return 0;
  }
  let done = 0;
  for (const key of keys) {
    const run = runs[key];
    if (errors[key] || run?.status === 'completed' || run?.status === 'failed') {
      done += 1;
    } else if (run) {
      done += Math.max(0, Math.min(100, run.progress)) / 100;
    }
  }
  return (done / keys.length) * 100;
}

/** "Run 2 of 3" while a batch of several runs works; nothing for a single run. */
export function batchStepLabel(done: number, total: number): string {
  return total > 1
    ? sprintf(/* translators: 1: the run working now, 2: runs in all */ __('Run %1$d of %2$d', 'igny8-bridge'), Math.min(done + 1, total), total)
    : '';
}
