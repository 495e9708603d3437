import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { lockForUpdate } from '../platform/db';
import { AppError, NotFoundError } from '../platform/errors';
import type { Services } from '../platform/http/types';
import type { JobContext, JobPayload } from '../platform/queue/types';
import type { Actor, TenantScope } from '../platform/tenancy/actor';
import { accountScope } from '../platform/tenancy/scope';
import { type AiPhase, AiTask } from './models';
import { AI_RUNNERS } from './functions';
import type { AiFunction } from './prompts';

export const AI_JOB = 'ai.run';

/** Where each phase's progress starts (REFERENCE.md): INIT 0–10, PREP 10–25, AI_CALL 25–70, PARSE 70–85, SAVE 85–98, DONE 100. */
export const PHASE_START: Record<AiPhase, number> = { INIT: 0, PREP: 10, AI_CALL: 25, PARSE: 70, SAVE: 85, DONE: 100 };

export interface RunContext {
  services: Services;
  scope: TenantScope;
  task: AiTask;
  /** Moves the task to a phase; any API process reading the task sees it at once. */
  phase(phase: AiPhase, message: string): Promise<void>;
}

/**
 * One AI function. `run` does the work in phases and returns the result; its SAVE phase writes
 * rows through `complete`, in the transaction that marks the task done, so a retried job never
 * saves twice.
 */
export interface AiFunctionRunner {
  run(context: RunContext, complete: (save: (trx: Knex) => Promise<Record<string, unknown>>) => Promise<void>): Promise<void>;
}

/** Records the task and queues it; the caller answers 202 with the task id at once. */
export async function startAiTask(
  services: Services,
  actor: Actor,
  scope: TenantScope,
  props: { fn: AiFunction; engine: AiTask['engine']; siteId: number | null; input: Record<string, unknown> },
): Promise<AiTask> {
  const task = await AiTask.query(services.knex)
    .forTenant(scope)
    .insertAndFetch({
      taskId: randomUUID(),
      accountId: actor.accountId,
      siteId: props.siteId,
      createdById: actor.userId ?? null,
      function: props.fn,
      engine: props.engine,
      status: 'queued',
      phase: 'INIT',
      progress: 0,
      message: 'Waiting for a worker',
      input: props.input,
    });
  await services.queue.enqueue(
    'ai',
    { type: AI_JOB, accountId: actor.accountId, taskId: task.taskId },
    { jobId: task.taskId, retries: 3, backoffMs: 2000 },
  );
  return task;
}

export async function requireAiTask(knex: Knex, scope: TenantScope, taskId: string): Promise<AiTask> {
  const task = await AiTask.query(knex).forTenant(scope).findOne({ taskId });
  if (!task) throw new NotFoundError('Task');
  return task;
}

/** The `ai` queue's job: runs the task's function, recording phases, the outcome and its timings. */
export async function performAiJob(services: Services, payload: JobPayload, job: JobContext): Promise<void> {
  const scope = accountScope(payload.accountId);
  const task = await AiTask.query(services.knex)
    .forTenant(scope)
    .findOne({ taskId: String(payload.taskId) });
  if (!task || task.status === 'completed' || task.status === 'failed') return; // a duplicate delivery
  const runner = AI_RUNNERS[task.function];
  const patch = (values: Partial<AiTask>) => AiTask.query(services.knex).forTenant(scope).findById(task.id).patch(values);
  await patch({ status: 'running', startedAt: task.startedAt ?? new Date() });
  const context: RunContext = {
    services,
    scope,
    task,
    async phase(phase, message) {
      await patch({ phase, progress: PHASE_START[phase], message });
      job.reportProgress(PHASE_START[phase]);
    },
  };
  try {
    if (!runner) throw new AppError(500, 'AI_FUNCTION_MISSING', `No runner for ${task.function}.`);
    await context.phase('INIT', 'Starting');
    await runner.run(context, async (save) => {
      await services.knex.transaction(async (trx) => {
        const current = await lockForUpdate(trx, AiTask.query(trx).forTenant(scope).findById(task.id));
        if (current?.status === 'completed') return;
        const result = await save(trx);
        await AiTask.query(trx)
          .forTenant(scope)
          .findById(task.id)
          .patch({ status: 'completed', phase: 'DONE', progress: 100, message: 'Done', result, finishedAt: new Date() });
      });
    });
  } catch (err) {
    if (!(err instanceof AppError)) throw err; // infrastructure trouble: the queue retries the job
    await patch({ status: 'failed', errorCode: err.code, errorMessage: err.message, message: err.message.slice(0, 255), finishedAt: new Date() });
  }
}
