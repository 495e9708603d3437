import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Knex } from 'knex';
import { chargeCredits, estimateCredits, HOLD_TTL_MS, recordUsage, releaseCredits, reserveCredits } from '../credits/ledger';
import { inTransaction, lockForUpdate } from '../platform/db';
import { AppError, NotFoundError } from '../platform/errors';
import type { Services } from '../platform/http/types';
import { parseInput } from '../platform/http/validation';
import { type JobContext, type JobPayload, JobStoppedError, JobTimeoutError, type RecoverableJob } from '../platform/queue/types';
import type { Actor, TenantScope } from '../platform/tenancy/actor';
import { accountScope } from '../platform/tenancy/scope';
import { removeImageFile, storeImage, type StoredFile } from '../writer';
import { resolvePrompt } from './commands';
import { AiError, RETRYABLE_AI_ERRORS } from './errors';
import { AI_FUNCTION_DEFINITIONS } from './functions';
import type { AnyAiFunction, RunContext, SaveOutcome } from './functions/types';
import { type AiPhase, AiTask, AiTaskLog } from './models';
import { renderPrompt } from './prompts';
import { type Engine, imageProvider, textProvider } from './providers';

export const AI_JOB = 'ai.run';

/** Where each phase's progress starts (REFERENCE.md): INIT 0–10, PREP 10–25, AI_CALL 25–70, PARSE 70–85, SAVE 85–98, DONE 100. */
export const PHASE_START: Record<AiPhase, number> = { INIT: 0, PREP: 10, AI_CALL: 25, PARSE: 70, SAVE: 85, DONE: 100 };

/** Runs of one task, stalls and recoveries included; past this a task that keeps dying is failed. */
export const MAX_RUNS = 6;
const JOB_RETRIES = 3;

/** Failures that are ours, not the provider's, in the words a user reads. */
export class AiTaskError extends AppError {
  constructor(code: 'AI_TASK_TIMEOUT' | 'AI_TASK_ERROR' | 'AI_TASK_ABANDONED', message: string) {
    super(500, code, message);
  }
}

const taskFailures = {
  timeout: () => new AiTaskError('AI_TASK_TIMEOUT', 'The AI run took too long and was stopped. Nothing was charged; try again.'),
  internal: () => new AiTaskError('AI_TASK_ERROR', 'Something went wrong on our side while running this. Nothing was charged; try again.'),
  abandoned: () => new AiTaskError('AI_TASK_ABANDONED', 'The AI run kept stopping before it could finish, so it was ended. Nothing was charged.'),
};

export interface StartedTask {
  task: AiTask;
  /** Credits set aside for the run: charged when it succeeds (perhaps fewer), given back when it fails. */
  creditsHeld: number;
}

/**
 * Records a task, holds its credits (402 when the account cannot pay; the local engine is free) and
 * queues it. The caller answers 202 with the task id at once. Should Redis not take the job, the
 * task is still recorded and the recovery sweep queues it when Redis is back.
 */
export async function startAiTask(
  services: Services,
  actor: Actor,
  scope: TenantScope,
  props: { fn: AnyAiFunction; engine: Engine; siteId: number; input: Record<string, unknown> },
): Promise<StartedTask> {
  const { fn } = props;
  const input = parseInput(fn.input, props.input, 'body') as Record<string, unknown>;
  const taskId = randomUUID();
  const started = await inTransaction(services.knex, async (trx) => {
    const task = await AiTask.query(trx)
      .forTenant(scope)
      .insert({
        taskId,
        accountId: actor.accountId,
        siteId: props.siteId,
        createdById: actor.userId ?? null,
        function: fn.name,
        engine: props.engine,
        queue: fn.queue,
        status: 'queued',
        phase: 'INIT',
        progress: 0,
        message: 'Waiting for a worker',
        input,
        heartbeatAt: new Date(),
      });
    await fn.started?.(trx, scope, input);
    // Last: the credits' lock lasts from here to the commit.
    const creditsHeld =
      props.engine === 'local'
        ? 0
        : await reserveCredits(trx, { accountId: actor.accountId, operation: fn.operation, units: fn.units(input), key: taskId, firstTime: true });
    return { task, creditsHeld };
  });
  try {
    await enqueueTask(services, started.task);
  } catch (err) {
    services.logger.warn({ err, taskId }, 'the AI task could not be queued now; the recovery sweep will queue it');
  }
  return started;
}

function enqueueTask(services: Services, task: Pick<AiTask, 'taskId' | 'accountId' | 'queue' | 'function'>): Promise<string> {
  return services.queue.enqueue(task.queue, ...jobFor(services, task));
}

/** A task's job: keyed by the task id, so queueing it again (recovery) never makes a second one. */
function jobFor(services: Services, task: Pick<AiTask, 'taskId' | 'accountId' | 'function'>): [JobPayload, RecoverableJob['options']] {
  const fn = AI_FUNCTION_DEFINITIONS[task.function];
  return [
    { type: AI_JOB, accountId: task.accountId, taskId: task.taskId },
    { jobId: task.taskId, retries: JOB_RETRIES, backoffMs: services.config.AI_RETRY_BACKOFF_MS, timeoutMs: fn.timeoutMs },
  ];
}

export async function requireAiTask(knex: Knex, scope: TenantScope, taskId: string): Promise<AiTask> {
  const task = await AiTask.query(knex).forTenant(scope).findOne({ taskId });
  if (!task) throw new NotFoundError('Task');
  return task;
}

/** Tasks waiting or running whose heartbeat stopped: what Redis may have lost. */
export async function recoverableAiJobs(services: Services, staleBefore: Date): Promise<RecoverableJob[]> {
  const tasks = await AiTask.query(services.knex)
    .unscoped('recovery sweep: every account’s owed jobs')
    .whereIn('status', ['queued', 'running'])
    .where('heartbeatAt', '<', staleBefore)
    .orderBy('heartbeatAt')
    .limit(500)
    .select('taskId', 'accountId', 'function', 'queue');
  return tasks.map((task) => {
    const [payload, options] = jobFor(services, task);
    return { queue: task.queue, payload, options };
  });
}

interface Usage {
  calls: number;
  model: string | null;
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
}

/** The `ai` and `images` queues' job: runs the task's function through its phases, once. */
export async function performAiJob(services: Services, payload: JobPayload, job: JobContext): Promise<void> {
  const scope = accountScope(payload.accountId);
  const found = await AiTask.query(services.knex)
    .forTenant(scope)
    .findOne({ taskId: String(payload.taskId) });
  if (!found || found.status === 'completed' || found.status === 'failed') return; // a repeated delivery
  const task = found;
  const fn = AI_FUNCTION_DEFINITIONS[task.function];
  const attempt = task.attempts + 1;
  const startedAt = new Date();
  const usage: Usage = { calls: 0, model: null, tokensIn: 0, tokensOut: 0, costUsd: 0 };
  const patch = async (values: Partial<AiTask>) => {
    await AiTask.query(services.knex)
      .forTenant(scope)
      .findById(task.id)
      .patch({ ...values, heartbeatAt: new Date() });
  };
  await patch({ status: 'running', attempts: attempt, startedAt: task.startedAt ?? startedAt, phase: 'INIT', progress: 0, message: 'Starting' });
  const progress = progressWriter(patch, Date.now());
  const heartbeat = setInterval(() => void patch({}).catch(() => undefined), services.config.QUEUE_STALL_INTERVAL_MS).unref();
  const run: RunContext = {
    services,
    scope,
    task,
    engine: task.engine,
    signal: job.signal,
    phase: (phase, message) => progress({ phase, progress: PHASE_START[phase], message }),
  };
  let files: StoredFile[] = [];
  try {
    if (attempt > MAX_RUNS) throw taskFailures.abandoned();
    const input = parseInput(fn.input, task.input, 'body') as Record<string, unknown>;
    // The check before the AI call: the credits were held when the task started, and a hold only
    // ends by expiring (a failed run releases it, but then the task is over). An old task, one
    // retried for hours, has its hold looked at and taken again if it lapsed.
    if (task.engine !== 'local' && Date.now() - task.createdAt.getTime() > HOLD_TTL_MS / 2) {
      await reserveCredits(services.knex, { accountId: task.accountId, operation: fn.operation, units: fn.units(input), key: task.taskId });
    }
    await run.phase('PREP', 'Reading what the AI needs');
    const items = await fn.prepare(run, input);
    await run.phase('AI_CALL', task.engine === 'local' ? 'Working on the local engine' : `Asking ${task.engine}`);
    const outputs = await callAll(run, fn, input, items, usage, progress);
    await run.phase('PARSE', 'Checking the answers');
    if (fn.kind === 'image') files = await storeAll(services, task.accountId, outputs as Buffer[]);
    await run.phase('SAVE', 'Saving');
    await progress.stop(); // the outcome below is the last word on the task's progress
    const outcome = await inTransaction(services.knex, async (trx) => {
      const current = await lockForUpdate(trx, AiTask.query(trx).forTenant(scope).findById(task.id));
      if (!current || current.status === 'completed' || current.status === 'failed') return null; // another run finished it
      const saved: SaveOutcome =
        fn.kind === 'text' ? await fn.save(trx, run, input, items, outputs) : await fn.save(trx, run, input, items, files, usage.model ?? '');
      const credits = task.engine === 'local' ? 0 : await estimateCredits(trx, fn.operation, saved.units);
      await AiTask.query(trx).forTenant(scope).findById(task.id).patch({
        status: 'completed',
        phase: 'DONE',
        progress: 100,
        message: 'Done',
        result: saved.result,
        model: usage.model,
        tokensIn: usage.tokensIn,
        tokensOut: usage.tokensOut,
        costUsd: usage.costUsd,
        credits,
        finishedAt: new Date(),
        heartbeatAt: new Date(),
      });
      await writeLog(trx, task, { attempt, status: 'completed', usage, credits, startedAt });
      // Last: the credits' lock lasts from here to the commit.
      if (task.engine !== 'local') await charge(trx, task, fn, saved.units, usage);
      return saved;
    });
    if (!outcome) await removeFiles(services, files);
    else await removeFiles(services, outcome.filesToRemove ?? []);
  } catch (caught) {
    await progress.stop();
    await removeFiles(services, files);
    await handleFailure(services, task, fn, job, caught, { attempt, usage, startedAt, patch });
  } finally {
    clearInterval(heartbeat);
  }
}

/** Progress reported more often than this is written once, at the end of the interval. */
const PROGRESS_WRITE_INTERVAL_MS = 250;

type ProgressWriter = ((values: Partial<AiTask>) => Promise<void>) & {
  /** Drops what is not written yet and waits for a write under way, before the outcome is written. */
  stop(): Promise<void>;
};

/**
 * Writes progress to the task row at most every 250 ms: a slow run shows every phase, a fast one
 * does not spend a write per phase. The last change of an interval is the one written.
 */
function progressWriter(patch: (values: Partial<AiTask>) => Promise<void>, lastWrite: number): ProgressWriter {
  let pending: Partial<AiTask> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let writing: Promise<void> = Promise.resolve();
  const flush = () => {
    timer = null;
    const values = pending;
    pending = null;
    if (!values) return writing;
    lastWrite = Date.now();
    writing = writing.then(() => patch(values)).catch(() => undefined);
    return writing;
  };
  const write = (async (values: Partial<AiTask>) => {
    pending = { ...pending, ...values };
    if (Date.now() - lastWrite >= PROGRESS_WRITE_INTERVAL_MS) await flush();
    else timer ??= setTimeout(() => void flush(), PROGRESS_WRITE_INTERVAL_MS - (Date.now() - lastWrite));
  }) as ProgressWriter;
  write.stop = async () => {
    if (timer) clearTimeout(timer);
    timer = null;
    pending = null;
    await writing;
  };
  return write;
}

/** AI_CALL: one call per item, on the local engine or the provider; progress moves through the phase. */
async function callAll(
  run: RunContext,
  fn: AnyAiFunction,
  input: Record<string, unknown>,
  items: unknown[],
  usage: Usage,
  progress: (values: Partial<AiTask>) => Promise<void>,
): Promise<unknown[]> {
  const { services, scope, task } = run;
  const template = (await resolvePrompt(services.knex, scope, task.accountId, fn.name, input.prompt as string | null | undefined)).template;
  const outputs: unknown[] = [];
  const span = PHASE_START.PARSE - PHASE_START.AI_CALL;
  const text = fn.kind === 'text' && task.engine !== 'local' ? await textProvider(services, scope, task.accountId, fn.name) : null;
  const images = fn.kind === 'image' ? await imageProvider(services, scope, task.accountId, task.engine) : null;
  for (const [index, item] of items.entries()) {
    run.signal.throwIfAborted();
    const prompt = renderPrompt(template, fn.promptValues(item, input));
    if (fn.kind === 'text' && !text) {
      outputs.push(fn.output.parse(fn.local(item, input)));
    } else if (fn.kind === 'text' && text) {
      const answer = await text
        .structured({
          system: fn.system,
          user: prompt,
          schemaName: fn.schemaName,
          schema: fn.output,
          check: fn.check ? (output) => fn.check!(output, item) : undefined,
          signal: run.signal,
        })
        .catch((err: unknown) => {
          // A call that failed after the model answered (bad output) was still billed: count it.
          const spent = err instanceof AiError ? err.spent : undefined;
          if (spent)
            addUsage(usage, spent.model, spent.tokensIn, spent.tokensOut, text.costOf(spent.model, spent.tokensIn, spent.tokensOut), spent.calls);
          throw err;
        });
      addUsage(usage, answer.model, answer.tokensIn, answer.tokensOut, answer.costUsd, answer.attempts);
      outputs.push(answer.data);
    } else if (images) {
      const answer = await images.generate(prompt, run.signal);
      addUsage(usage, images.model, 0, 0, answer.costUsd, 1);
      outputs.push(answer.image);
    }
    if (items.length > 1) {
      await progress({
        progress: PHASE_START.AI_CALL + Math.floor((span * (index + 1)) / items.length),
        message: `${index + 1} of ${items.length} done`,
      });
    }
  }
  return outputs;
}

function addUsage(usage: Usage, model: string, tokensIn: number, tokensOut: number, costUsd: number, calls: number): void {
  usage.model = model;
  usage.tokensIn += tokensIn;
  usage.tokensOut += tokensOut;
  usage.costUsd += costUsd;
  usage.calls += calls;
}

async function storeAll(services: Services, accountId: number, images: Buffer[]): Promise<StoredFile[]> {
  const files: StoredFile[] = [];
  try {
    for (const image of images) files.push(await storeImage(services, accountId, Readable.from([image]), 'application/octet-stream'));
  } catch (err) {
    await removeFiles(services, files);
    throw err;
  }
  return files;
}

async function removeFiles(services: Services, files: (StoredFile | string)[]): Promise<void> {
  for (const file of files) await removeImageFile(services, typeof file === 'string' ? file : file.storagePath);
}

/** Takes the credits for what was saved, once per task, settling the task's hold. */
async function charge(trx: Knex, task: AiTask, fn: AnyAiFunction, units: number, usage: Usage): Promise<void> {
  await chargeCredits(trx, {
    accountId: task.accountId,
    operation: fn.operation,
    units,
    key: task.taskId,
    description: `${fn.name}: ${units} ${units === 1 ? 'item' : 'items'}`,
    usage: {
      taskKey: task.taskId,
      provider: task.engine,
      model: usage.model,
      tokensIn: usage.tokensIn,
      tokensOut: usage.tokensOut,
      costUsd: usage.costUsd,
    },
  });
}

/**
 * A failed run: provider trouble and our own (a lost connection, a timeout, a crash) is tried again
 * while the queue has retries left; everything else, and the last try, fails the task with its code
 * and plain words, gives the held credits back and records what the calls cost anyway.
 */
async function handleFailure(
  services: Services,
  task: AiTask,
  fn: AnyAiFunction,
  job: JobContext,
  caught: unknown,
  run: { attempt: number; usage: Usage; startedAt: Date; patch: (values: Partial<AiTask>) => Promise<unknown> },
): Promise<void> {
  const err = job.signal.aborted ? job.signal.reason : caught;
  const { usage } = run;
  const stopped = err instanceof JobStoppedError;
  const retryable = stopped || !(err instanceof AppError) || (err instanceof AiError && RETRYABLE_AI_ERRORS.includes(err.aiCode));
  if (retryable && (stopped || job.retriesLeft > 0)) {
    const reason = err instanceof AppError ? err.message : 'A temporary problem interrupted the run.';
    await run.patch({ message: (stopped ? 'Paused while the worker restarts; it resumes shortly.' : `Retrying shortly. ${reason}`).slice(0, 255) });
    await inTransaction(services.knex, async (trx) => {
      await recordSpending(trx, task, fn, usage);
      await writeLog(trx, task, { attempt: run.attempt, status: 'retrying', usage, credits: 0, startedAt: run.startedAt, err });
    });
    throw err;
  }
  if (!(err instanceof AppError)) services.logger.error({ err, taskId: task.taskId }, 'AI task failed');
  const failure = err instanceof AppError ? err : err instanceof JobTimeoutError ? taskFailures.timeout() : taskFailures.internal();
  const scope = accountScope(task.accountId);
  await inTransaction(services.knex, async (trx) => {
    await AiTask.query(trx)
      .forTenant(scope)
      .findById(task.id)
      .patch({
        status: 'failed',
        errorCode: failure.code,
        errorMessage: failure.message,
        message: failure.message.slice(0, 255),
        model: usage.model,
        tokensIn: usage.tokensIn,
        tokensOut: usage.tokensOut,
        costUsd: usage.costUsd,
        finishedAt: new Date(),
        heartbeatAt: new Date(),
      });
    await recordSpending(trx, task, fn, usage);
    await writeLog(trx, task, { attempt: run.attempt, status: 'failed', usage, credits: 0, startedAt: run.startedAt, err });
    await fn.failed?.(trx, scope, task.input);
    await releaseCredits(trx, task.accountId, task.taskId); // last: the credits' lock lasts to the commit
  });
}

/** Calls of a run that did not succeed still cost the provider's price: the usage log keeps them, with no credits. */
async function recordSpending(trx: Knex, task: AiTask, fn: AnyAiFunction, usage: Usage): Promise<void> {
  if (usage.tokensIn + usage.tokensOut === 0 && usage.costUsd === 0) return;
  await recordUsage(trx, task.accountId, {
    operation: fn.operation,
    key: task.taskId,
    credits: 0,
    usage: { provider: task.engine, model: usage.model, tokensIn: usage.tokensIn, tokensOut: usage.tokensOut, costUsd: usage.costUsd },
  });
}

async function writeLog(
  knex: Knex,
  task: AiTask,
  entry: { attempt: number; status: AiTaskLog['status']; usage: Usage; credits: number; startedAt: Date; err?: unknown },
): Promise<void> {
  const finishedAt = new Date();
  const err = entry.err;
  const detail = err instanceof AiError ? err.detail : err instanceof Error ? `${err.name}: ${err.message}` : err ? String(err) : null;
  await AiTaskLog.query(knex)
    .forTenant(accountScope(task.accountId))
    .insert({
      aiTaskId: task.id,
      function: task.function,
      engine: task.engine,
      attempt: entry.attempt,
      status: entry.status,
      model: entry.usage.model,
      aiCalls: entry.usage.calls,
      tokensIn: entry.usage.tokensIn,
      tokensOut: entry.usage.tokensOut,
      costUsd: entry.usage.costUsd,
      credits: entry.credits,
      errorCode: err instanceof AppError ? err.code : err ? 'INTERNAL' : null,
      errorDetail: detail?.slice(0, 4000) ?? null,
      startedAt: entry.startedAt,
      finishedAt,
      durationMs: finishedAt.getTime() - entry.startedAt.getTime(),
    });
}
