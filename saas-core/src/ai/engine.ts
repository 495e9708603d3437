import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Knex } from 'knex';
import {
  type Charge,
  chargeAccount,
  estimateCredits,
  HOLD_TTL_MS,
  recordUsage,
  releaseCredits,
  reserveCredits,
  reserveNewRuns,
} from '../credits/ledger';
import { inTransaction } from '../platform/db';
import { GroupCommit } from '../platform/db/group-commit';
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
  /** The task as recorded (its row id is not read back). */
  task: Pick<AiTask, 'taskId' | 'accountId' | 'siteId' | 'function' | 'engine' | 'queue' | 'status' | 'input'>;
  /** Credits set aside for the run: charged when it succeeds (perhaps fewer), given back when it fails. */
  creditsHeld: number;
}

interface Start {
  actor: Actor;
  scope: TenantScope;
  fn: AnyAiFunction;
  engine: Engine;
  siteId: number;
  input: Record<string, unknown>;
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
  const started = await groupCommits(services).starts.run(actor.accountId, { actor, scope, fn, engine: props.engine, siteId: props.siteId, input });
  try {
    await enqueueTask(services, started.task);
  } catch (err) {
    services.logger.warn({ err, taskId: started.task.taskId }, 'the AI task could not be queued now; the recovery sweep will queue it');
  }
  return started;
}

/**
 * Runs of one account started together, recorded in one transaction: the tasks in one statement,
 * each function's `started` step, and last the credits, held for all of them at once (the lock of
 * the wallet lasts from there to the commit). Starts the account cannot cover as a whole are tried
 * one by one (GroupCommit), so each gets its own answer, 202 or 402.
 */
async function writeStarts(trx: Knex, starts: Start[]): Promise<StartedTask[]> {
  const heartbeatAt = new Date();
  const tasks = starts.map(({ actor, fn, engine, siteId, input }) => ({
    taskId: randomUUID(),
    accountId: actor.accountId,
    siteId,
    createdById: actor.userId ?? null,
    function: fn.name,
    engine,
    queue: fn.queue,
    status: 'queued' as const,
    phase: 'INIT' as const,
    progress: 0,
    message: 'Waiting for a worker',
    input,
    heartbeatAt,
  }));
  await AiTask.insertRows(
    trx,
    tasks.map((values, index) => ({ scope: starts[index]!.scope, values })),
  );
  for (const { fn, scope, input } of starts) await fn.started?.(trx, scope, input);
  const paid = starts.flatMap((start, index) => (start.engine === 'local' ? [] : [{ start, task: tasks[index]! }]));
  const held = await reserveNewRuns(
    trx,
    starts[0]!.actor.accountId,
    paid.map(({ start, task }) => ({ operation: start.fn.operation, units: start.fn.units(start.input), key: task.taskId })),
  );
  return tasks.map((task) => {
    const index = paid.findIndex((run) => run.task === task);
    return { task, creditsHeld: index < 0 ? 0 : held[index]! };
  });
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

/**
 * Takes a task for one run, the claim being one conditional UPDATE on the attempts just read: of two
 * deliveries of the same job (a stall noticed twice, a recovery racing a retry) only one runs, and a
 * finished task is never taken again. A run whose worker died is taken by the next delivery, which
 * reads the attempts that run left. Returns the task as claimed, or null when there is nothing to run.
 */
export async function claimAiTask(knex: Knex, scope: TenantScope, taskId: string): Promise<AiTask | null> {
  const found = await AiTask.query(knex).forTenant(scope).findOne({ taskId });
  if (!found || found.status === 'completed' || found.status === 'failed') return null;
  const now = new Date();
  const claim = {
    status: 'running' as const,
    attempts: found.attempts + 1,
    startedAt: found.startedAt ?? now,
    phase: 'INIT' as const,
    progress: 0,
    message: 'Starting',
    heartbeatAt: now,
  };
  const claimed = await AiTask.query(knex)
    .forTenant(scope)
    .findById(found.id)
    .where({ attempts: found.attempts })
    .whereIn('status', ['queued', 'running'])
    .patch(claim);
  return Number(claimed) === 1 ? Object.assign(found, claim) : null;
}

interface Claim {
  accountId: number;
  taskId: string;
}

/**
 * Claims of one account's tasks that arrive together (GroupCommit): one read, and one UPDATE whose
 * condition is each task's attempts as read; no transaction, as each statement stands on its own.
 * Should any have been taken or finished between the two, the batch is claimed again task by task
 * (claimAiTask): a task this UPDATE claimed is then claimed once more (its attempts count two), as a
 * second delivery would take it over. A task named twice is given to the first claim.
 */
async function claimTasks(db: Knex, claims: Claim[]): Promise<(AiTask | null)[]> {
  const scope = accountScope(claims[0]!.accountId);
  const found = await AiTask.query(db)
    .forTenant(scope)
    .whereIn(
      'taskId',
      claims.map((claim) => claim.taskId),
    );
  const open = found.filter((task) => task.status === 'queued' || task.status === 'running');
  if (open.length > 0) {
    const now = new Date();
    const claimed = await AiTask.query(db)
      .forTenant(scope)
      .whereIn('status', ['queued', 'running'])
      .where((where) => {
        for (const task of open) where.orWhere({ id: task.id, attempts: task.attempts });
      })
      .patch({
        status: 'running',
        attempts: db.raw('attempts + 1'),
        startedAt: db.raw('coalesce(started_at, ?)', [now]),
        phase: 'INIT',
        progress: 0,
        message: 'Starting',
        heartbeatAt: now,
      });
    if (Number(claimed) !== open.length) throw new Error('A task of this batch was claimed or finished meanwhile.');
    for (const task of open)
      Object.assign(task, {
        status: 'running',
        attempts: task.attempts + 1,
        startedAt: task.startedAt ?? now,
        phase: 'INIT',
        progress: 0,
        message: 'Starting',
        heartbeatAt: now,
      });
  }
  const given = new Set<AiTask>();
  return claims.map((claim) => {
    const task = open.find((candidate) => candidate.taskId === claim.taskId && !given.has(candidate));
    if (task) given.add(task);
    return task ?? null;
  });
}

/** The `ai` and `images` queues' job: runs the task's function through its phases, once. */
export async function performAiJob(services: Services, payload: JobPayload, job: JobContext): Promise<void> {
  const scope = accountScope(payload.accountId);
  const claimed = await groupCommits(services).claims.run(payload.accountId, { accountId: payload.accountId, taskId: String(payload.taskId) });
  if (!claimed) return; // a repeated delivery
  const task = claimed;
  const fn = AI_FUNCTION_DEFINITIONS[task.function];
  const attempt = task.attempts;
  const startedAt = new Date();
  const usage: Usage = { calls: 0, model: null, tokensIn: 0, tokensOut: 0, costUsd: 0 };
  // Progress and heartbeats of this run only while the task is still this run's.
  const patch = async (values: Partial<AiTask>) => {
    await AiTask.query(services.knex)
      .forTenant(scope)
      .findById(task.id)
      .where({ status: 'running', attempts: attempt })
      .patch({ ...values, heartbeatAt: new Date() });
  };
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
    const outcome = await groupCommits(services)
      .completions.run(task.accountId, { run, fn, input, items, outputs, files, usage, attempt, startedAt })
      .catch((err: unknown) => {
        if (err instanceof FinishedElsewhere) return null; // another run of the task finished it first
        throw err;
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

/** A run at SAVE: what it made, to be saved, logged and charged. */
interface Completion {
  run: RunContext;
  fn: AnyAiFunction;
  input: Record<string, unknown>;
  items: unknown[];
  outputs: unknown[];
  files: StoredFile[];
  usage: Usage;
  attempt: number;
  startedAt: Date;
}

/** Thrown in a completion's transaction when another run of its task finished first: its rows are rolled back. */
class FinishedElsewhere extends Error {
  constructor() {
    super('Another run of this task finished it first.');
    this.name = 'FinishedElsewhere';
  }
}

/**
 * SAVE for runs of one account that reach it together, in one transaction: each function saves its
 * rows, each task is completed (only if no other run of it finished first), the runs are logged, and
 * last they are charged, against the account's wallet in one lock.
 */
async function writeCompletions(trx: Knex, completions: Completion[]): Promise<SaveOutcome[]> {
  const outcomes = await saveRuns(trx, completions);
  const scope = completions[0]!.run.scope;
  const finishedAt = new Date();
  const credits: number[] = [];
  for (const [index, { run, fn }] of completions.entries())
    credits.push(run.task.engine === 'local' ? 0 : await estimateCredits(trx, fn.operation, outcomes[index]!.units));
  // Every task in one UPDATE, each with its own values; only tasks no other run finished first.
  const ids = completions.map(({ run }) => run.task.id);
  const perTask = (value: (index: number) => unknown) =>
    trx.raw(`case id ${ids.map(() => 'when ? then ?').join(' ')} end`, ids.flatMap((id, index) => [id, value(index) ?? null]) as Knex.RawBinding[]);
  const completed = await AiTask.query(trx)
    .forTenant(scope)
    .whereIn('id', ids)
    .where({ status: 'running' })
    .patch({
      status: 'completed',
      phase: 'DONE',
      progress: 100,
      message: 'Done',
      result: perTask((index) => JSON.stringify(outcomes[index]!.result)),
      model: perTask((index) => completions[index]!.usage.model),
      tokensIn: perTask((index) => completions[index]!.usage.tokensIn),
      tokensOut: perTask((index) => completions[index]!.usage.tokensOut),
      costUsd: perTask((index) => completions[index]!.usage.costUsd),
      credits: perTask((index) => credits[index]),
      finishedAt,
      heartbeatAt: finishedAt,
    });
  if (Number(completed) !== completions.length) throw new FinishedElsewhere();
  const logs = completions.map(({ run, usage, attempt, startedAt }, index) =>
    logRow(run.task, { attempt, status: 'completed', usage, credits: credits[index]!, startedAt }, finishedAt),
  );
  const charges = completions.flatMap(({ run, fn, usage }, index) =>
    run.task.engine === 'local' ? [] : [chargeFor(run.task, fn, outcomes[index]!.units, usage)],
  );
  await AiTaskLog.insertRows(
    trx,
    logs.map((values) => ({ scope, values })),
  );
  // Last: the credits' lock lasts from here to the commit. Each task went from running to completed
  // just above, in this transaction, so none of them was charged before.
  if (charges.length > 0) await chargeAccount(trx, completions[0]!.run.task.accountId, charges, { keysAreNew: true });
  return outcomes;
}

/** Each run's rows, in the order given: the runs of a function that saves several at once together. */
async function saveRuns(trx: Knex, completions: Completion[]): Promise<SaveOutcome[]> {
  const outcomes: SaveOutcome[] = [];
  const together = new Map<Extract<AnyAiFunction, { kind: 'text' }>, number[]>();
  for (const [index, { fn }] of completions.entries()) if (fn.kind === 'text' && fn.saveAll) together.set(fn, [...(together.get(fn) ?? []), index]);
  for (const [fn, indexes] of together) {
    const saved = await fn.saveAll!(
      trx,
      indexes.map((index) => completions[index]!),
    );
    indexes.forEach((index, position) => (outcomes[index] = saved[position]!));
  }
  for (const [index, { run, fn, input, items, outputs, files, usage }] of completions.entries()) {
    if (outcomes[index]) continue;
    outcomes[index] =
      fn.kind === 'text' ? await fn.save(trx, run, input, items, outputs) : await fn.save(trx, run, input, items, files, usage.model ?? '');
  }
  return outcomes;
}

/** Each app's group commits (tests run several apps in one process). */
const commitsByServices = new WeakMap<Services, ReturnType<typeof newGroupCommits>>();
function groupCommits(services: Services) {
  let commits = commitsByServices.get(services);
  if (!commits) commitsByServices.set(services, (commits = newGroupCommits(services.knex)));
  return commits;
}

function newGroupCommits(knex: Knex) {
  return {
    starts: new GroupCommit<number, Start, StartedTask>(knex, writeStarts),
    claims: new GroupCommit<number, Claim, AiTask | null>(knex, claimTasks, {
      transaction: false,
      writeOne: (db, claim) => claimAiTask(db, accountScope(claim.accountId), claim.taskId),
    }),
    completions: new GroupCommit<number, Completion, SaveOutcome>(knex, writeCompletions),
  };
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

/** The charge for what a run saved: once per task (keyed by it), settling the task's hold. */
function chargeFor(task: AiTask, fn: AnyAiFunction, units: number, usage: Usage): Charge {
  return {
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
  };
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
    const failed = await AiTask.query(trx)
      .forTenant(scope)
      .findById(task.id)
      .where({ status: 'running', attempts: run.attempt })
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
    // A task another run finished, or took over, is that run's to settle: its rows and credits stay.
    if (Number(failed) !== 1) return;
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

async function writeLog(knex: Knex, task: AiTask, entry: LogEntry): Promise<void> {
  await AiTaskLog.query(knex)
    .forTenant(accountScope(task.accountId))
    .insert(logRow(task, entry, new Date()));
}

interface LogEntry {
  attempt: number;
  status: AiTaskLog['status'];
  usage: Usage;
  credits: number;
  startedAt: Date;
  err?: unknown;
}

/** A run's AITaskLog row: what it used and how it ended. */
function logRow(task: AiTask, entry: LogEntry, finishedAt: Date) {
  const err = entry.err;
  const detail = err instanceof AiError ? err.detail : err instanceof Error ? `${err.name}: ${err.message}` : err ? String(err) : null;
  return {
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
  };
}
