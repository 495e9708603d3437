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
  timeoutMs?: number;
}

export interface JobContext {
  id: string;
  queue: QueueName;
  reportProgress(progress: number): void;
}

export type JobHandler = (payload: JobPayload, job: JobContext) => Promise<void>;

/** Both drivers implement this; nothing outside platform/queue knows which one runs. */
export interface JobQueue {
  readonly driver: 'bee-queue' | 'inline';
  enqueue(queue: QueueName, payload: JobPayload, options?: JobOptions): Promise<string>;
  process(queue: QueueName, handler: JobHandler, concurrency?: number): void;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const DEFAULT_JOB_OPTIONS = { retries: 3, backoffMs: 1000, timeoutMs: 5 * 60_000 } as const;

/** A kind of job a module performs; the worker routes each payload to its definition by `type`. */
export interface JobDefinition {
  type: string;
  queue: QueueName;
  perform(services: Services, payload: JobPayload, job: JobContext): Promise<void>;
}
