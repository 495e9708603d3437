import { randomUUID } from 'node:crypto';
import type { Logger } from '../logger';
import {
  DEFAULT_JOB_OPTIONS,
  type JobHandler,
  type JobOptions,
  type JobPayload,
  type JobQueue,
  JobStoppedError,
  JobTimeoutError,
  type QueueName,
} from './types';

interface PendingJob {
  id: string;
  queue: QueueName;
  payload: JobPayload;
  retriesLeft: number;
  attempt: number;
  options: Required<Omit<JobOptions, 'jobId'>>;
}

/**
 * The embedded default: jobs run in this process, with the same retries, backoff, timeout and
 * abort rules as bee-queue. Jobs enqueued before a processor exists wait for it. Nothing survives
 * a restart here, which is why the recovery sweep also runs in this process.
 */
export class InlineJobQueue implements JobQueue {
  readonly driver = 'inline' as const;
  private readonly handlers = new Map<QueueName, { handler: JobHandler; concurrency: number; running: number }>();
  private readonly waiting = new Map<QueueName, PendingJob[]>();
  /** Ids queued or running: the same id is not queued twice while it is still to be done. */
  private readonly liveIds = new Set<string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly active = new Set<Promise<void>>();
  private readonly controllers = new Set<AbortController>();
  private closed = false;

  constructor(private readonly logger: Logger) {}

  async enqueue(queue: QueueName, payload: JobPayload, options: JobOptions = {}): Promise<string> {
    if (this.closed) throw new Error('The job queue is closed.');
    const id = options.jobId ?? randomUUID();
    if (this.liveIds.has(id)) return id;
    this.liveIds.add(id);
    const { jobId: _ignored, ...rest } = options;
    void _ignored;
    const settings = { ...DEFAULT_JOB_OPTIONS, ...rest };
    this.push({ id, queue, payload, retriesLeft: settings.retries, attempt: 1, options: settings });
    return id;
  }

  process(queue: QueueName, handler: JobHandler, concurrency = 1): void {
    if (this.handlers.has(queue)) throw new Error(`A processor for "${queue}" is already registered.`);
    this.handlers.set(queue, { handler, concurrency, running: 0 });
    this.drain(queue);
  }

  async ping(): Promise<void> {
    if (this.closed) throw new Error('The job queue is closed.');
  }

  async close(timeoutMs: number = DEFAULT_JOB_OPTIONS.timeoutMs): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    let deadline: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => {
      deadline = setTimeout(() => {
        for (const controller of this.controllers) controller.abort(new JobStoppedError());
        resolve();
      }, timeoutMs);
    });
    await Promise.race([Promise.allSettled([...this.active]), late]);
    clearTimeout(deadline);
  }

  private push(job: PendingJob): void {
    const list = this.waiting.get(job.queue) ?? [];
    list.push(job);
    this.waiting.set(job.queue, list);
    this.drain(job.queue);
  }

  private drain(queue: QueueName): void {
    const slot = this.handlers.get(queue);
    const list = this.waiting.get(queue);
    while (slot && list && list.length > 0 && slot.running < slot.concurrency && !this.closed) {
      const job = list.shift() as PendingJob;
      slot.running += 1;
      const run = this.run(job, slot.handler).finally(() => {
        slot.running -= 1;
        this.active.delete(run);
        this.drain(queue);
      });
      this.active.add(run);
    }
  }

  private async run(job: PendingJob, handler: JobHandler): Promise<void> {
    const controller = new AbortController();
    this.controllers.add(controller);
    let timeout: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        handler(job.payload, {
          id: job.id,
          queue: job.queue,
          retriesLeft: job.retriesLeft,
          signal: controller.signal,
        }),
        new Promise<never>((_, reject) => {
          timeout = setTimeout(() => {
            const err = new JobTimeoutError(job.options.timeoutMs);
            controller.abort(err);
            reject(err);
          }, job.options.timeoutMs);
        }),
      ]);
      this.liveIds.delete(job.id);
    } catch (err) {
      if (job.retriesLeft <= 0 || this.closed) {
        this.liveIds.delete(job.id);
        this.logger.error({ err, job: job.id, queue: job.queue }, 'job failed');
        return;
      }
      const delay = job.options.backoffMs * 2 ** (job.attempt - 1);
      this.logger.warn({ err, job: job.id, attempt: job.attempt, delay }, 'job failed; retrying');
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.push({ ...job, attempt: job.attempt + 1, retriesLeft: job.retriesLeft - 1 });
      }, delay);
      this.timers.add(timer);
    } finally {
      clearTimeout(timeout);
      this.controllers.delete(controller);
    }
  }
}
