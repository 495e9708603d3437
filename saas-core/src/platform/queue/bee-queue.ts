import BeeQueue from 'bee-queue';
import type { Logger } from '../logger';
import { DEFAULT_JOB_OPTIONS, type JobHandler, type JobOptions, type JobPayload, type JobQueue, type QueueName } from './types';

const STALL_CHECK_MS = 5_000;

/** bee-queue on Redis. Producers and workers use separate Queue objects so a producer opens no blocking connection. */
export class BeeJobQueue implements JobQueue {
  readonly driver = 'bee-queue' as const;
  private readonly producers = new Map<QueueName, BeeQueue<JobPayload>>();
  private readonly workers = new Map<QueueName, { queue: BeeQueue<JobPayload>; stallTimer: NodeJS.Timeout }>();

  constructor(
    private readonly redisUrl: string,
    private readonly prefix: string,
    private readonly logger: Logger,
  ) {}

  async enqueue(queueName: QueueName, payload: JobPayload, options: JobOptions = {}): Promise<string> {
    const settings = { ...DEFAULT_JOB_OPTIONS, ...options };
    const job = this.producer(queueName)
      .createJob(payload)
      .retries(settings.retries)
      .backoff('exponential', settings.backoffMs)
      .timeout(settings.timeoutMs);
    if (options.jobId) job.setId(options.jobId);
    const saved = await job.save();
    return saved.id;
  }

  process(queueName: QueueName, handler: JobHandler, concurrency = 1): void {
    if (this.workers.has(queueName)) throw new Error(`A processor for "${queueName}" is already registered.`);
    const queue = new BeeQueue<JobPayload>(queueName, {
      prefix: this.prefix,
      redis: { url: this.redisUrl } as BeeQueue.QueueSettings['redis'],
      isWorker: true,
      getEvents: false,
      activateDelayedJobs: true,
      removeOnSuccess: false,
      stallInterval: STALL_CHECK_MS,
    });
    queue.on('error', (err) => this.logger.error({ err, queue: queueName }, 'queue error'));
    queue.process(concurrency, async (job) => {
      await handler(job.data, { id: job.id, queue: queueName, reportProgress: (progress) => job.reportProgress(progress) });
    });
    // bee-queue checks for stalled jobs once unless asked again; keep asking.
    const stallTimer = setInterval(() => {
      queue.checkStalledJobs().catch((err: unknown) => this.logger.warn({ err, queue: queueName }, 'stall check failed'));
    }, STALL_CHECK_MS).unref();
    this.workers.set(queueName, { queue, stallTimer });
  }

  async ping(): Promise<void> {
    const queue = this.producer('ai');
    await queue.ready();
    await queue.checkHealth();
  }

  async close(): Promise<void> {
    const closing: Promise<void>[] = [];
    for (const { queue, stallTimer } of this.workers.values()) {
      clearInterval(stallTimer);
      closing.push(queue.close(DEFAULT_JOB_OPTIONS.timeoutMs));
    }
    for (const queue of this.producers.values()) closing.push(queue.close());
    await Promise.allSettled(closing);
    this.workers.clear();
    this.producers.clear();
  }

  private producer(queueName: QueueName): BeeQueue<JobPayload> {
    let queue = this.producers.get(queueName);
    if (!queue) {
      queue = new BeeQueue<JobPayload>(queueName, {
        prefix: this.prefix,
        redis: { url: this.redisUrl } as BeeQueue.QueueSettings['redis'],
        isWorker: false,
        getEvents: false,
        activateDelayedJobs: false,
        removeOnSuccess: false,
      });
      queue.on('error', (err) => this.logger.error({ err, queue: queueName }, 'queue error'));
      this.producers.set(queueName, queue);
    }
    return queue;
  }
}
