import { randomUUID } from 'node:crypto';
import type { Logger } from '../logger';
import { DEFAULT_JOB_OPTIONS, type JobHandler, type JobOptions, type JobPayload, type JobQueue, type QueueName } from './types';

interface PendingJob {
  id: string;
  queue: QueueName;
  payload: JobPayload;
  attempt: number;
  options: Required<Omit<JobOptions, 'jobId'>>;
}

/**
 * The embedded default: jobs run in this process, with the same retries, backoff and timeout
 * rules as bee-queue. Jobs enqueued before a processor exists wait for it.
 */
export class InlineJobQueue implements JobQueue {
  readonly driver = 'inline' as const;
  private readonly handlers = new Map<QueueName, { handler: JobHandler; concurrency: number; running: number }>();
  private readonly waiting = new Map<QueueName, PendingJob[]>();
  private readonly seenIds = new Set<string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly active = new Set<Promise<void>>();
  private closed = false;

  constructor(private readonly logger: Logger) {}

  async enqueue(queue: QueueName, payload: JobPayload, options: JobOptions = {}): Promise<string> {
    if (this.closed) throw new Error('The job queue is closed.');
    const id = options.jobId ?? randomUUID();
    if (this.seenIds.has(id)) return id;
    this.seenIds.add(id);
    const { jobId: _ignored, ...rest } = options;
    void _ignored;
    this.push({ id, queue, payload, attempt: 1, options: { ...DEFAULT_JOB_OPTIONS, ...rest } });
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

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await Promise.allSettled([...this.active]);
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
    let timeout: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        handler(job.payload, { id: job.id, queue: job.queue, reportProgress: () => undefined }),
        new Promise<never>((_, reject) => {
          timeout = setTimeout(() => reject(new Error(`Job timed out after ${job.options.timeoutMs} ms.`)), job.options.timeoutMs);
        }),
      ]);
    } catch (err) {
      if (job.attempt > job.options.retries || this.closed) {
        this.logger.error({ err, job: job.id, queue: job.queue }, 'job failed');
        return;
      }
      const delay = job.options.backoffMs * 2 ** (job.attempt - 1);
      this.logger.warn({ err, job: job.id, attempt: job.attempt, delay }, 'job failed; retrying');
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.push({ ...job, attempt: job.attempt + 1 });
      }, delay);
      this.timers.add(timer);
    } finally {
      clearTimeout(timeout);
    }
  }
}
