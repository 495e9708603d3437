import type { Services } from '../http/types';

export const QUEUE_NAMES = ['ai', 'images', 'publish', 'imports'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

type Scalar = string | number | boolean | null;

/** Jobs carry ids, never model objects: a worker loads fresh rows under the job's account. */
export interface JobPayload {
  type: string;
  accountId: number;
  [field: string]: Scalar | Scalar[] | undefined;
}

export interface JobOptions {
  /** A stable id makes enqueueing idempotent: the same id is never queued twice. */
  jobId?: string;
  retries?: number;
  /** First retry delay; each later retry doubles it. */
  backoffMs?: number;
  /** The job's signal aborts, and the run counts as failed, after this long. */
  timeoutMs?: number;
}

export interface JobContext {
  id: string;
  queue: QueueName;
  /** Retries the queue still holds for this job if this run fails: 0 means this is the last try. */
  retriesLeft: number;
  /** Aborted when the run times out or the process stops; long calls should pass it on. */
  signal: AbortSignal;
}

export type JobHandler = (payload: JobPayload, job: JobContext) => Promise<void>;

/** Both drivers implement this; nothing outside platform/queue knows which one runs. */
export interface JobQueue {
  readonly driver: 'bee-queue' | 'inline';
  /**
   * Queues a job. Rejects when the queue cannot be reached in time; callers whose job is also
   * recorded in the database may go on, because the recovery sweep queues it once the queue is back.
   */
  enqueue(queue: QueueName, payload: JobPayload, options?: JobOptions): Promise<string>;
  process(queue: QueueName, handler: JobHandler, concurrency?: number): void;
  ping(): Promise<void>;
  /** Stops taking jobs and waits up to `timeoutMs` for running ones; then aborts their signals. */
  close(timeoutMs?: number): Promise<void>;
}

/** The reason a job's signal aborts when the run passed its time limit. */
export class JobTimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`The job ran longer than its ${timeoutMs} ms limit.`);
    this.name = 'JobTimeoutError';
  }
}

/** The reason a job's signal aborts when the process shuts down: the job is not failed, it runs again elsewhere. */
export class JobStoppedError extends Error {
  constructor() {
    super('The worker stopped before the job finished; it runs again.');
    this.name = 'JobStoppedError';
  }
}

export const DEFAULT_JOB_OPTIONS = { retries: 3, backoffMs: 1000, timeoutMs: 5 * 60_000 } as const;

/** A job the database says should be queued: the recovery sweep queues it again under its stable id. */
export interface RecoverableJob {
  queue: QueueName;
  payload: JobPayload;
  options: JobOptions & { jobId: string };
}

/** A kind of job a module performs; the worker routes each payload to its definition by `type`. */
export interface JobDefinition {
  type: string;
  queue: QueueName;
  perform(services: Services, payload: JobPayload, job: JobContext): Promise<void>;
  /**
   * The jobs of this kind that the database holds as queued or abandoned. Redis is only the
   * transport: whatever it lost (a restart without persistence, a failed enqueue) is queued again
   * from here, and `perform` must treat a repeated delivery as a no-op.
   */
  recoverable?(services: Services, staleBefore: Date): Promise<RecoverableJob[]>;
}
