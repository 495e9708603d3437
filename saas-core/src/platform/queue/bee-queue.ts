import { EventEmitter } from 'node:events';
import BeeQueue from 'bee-queue';
import { buildCache } from 'bee-queue/lib/lua';
import type { Logger } from '../logger';
import { withTimeout } from '../timeout';
import {
  DEFAULT_JOB_OPTIONS,
  type JobContext,
  type JobHandler,
  type JobOptions,
  type JobPayload,
  type JobQueue,
  JobStoppedError,
  JobTimeoutError,
  type QueueName,
} from './types';

export interface BeeQueueSettings {
  redisUrl: string;
  prefix: string;
  /** How often stalled jobs (their worker died) are looked for; a stalled job runs again after 1–2 intervals. */
  stallIntervalMs: number;
  /** How long an enqueue may wait for Redis before it gives up (the recovery sweep queues the job later). */
  enqueueTimeoutMs?: number;
}

type Queue = BeeQueue<JobPayload>;
/** bee-queue's command connection: node_redis, reconnecting on its own. */
type RedisClient = EventEmitter & { connected: boolean };
const clientOf = (queue: Queue) => (queue as unknown as { client?: RedisClient }).client;

const isNoScript = (err: unknown) => /NOSCRIPT/.test(String((err as Error)?.message));

/**
 * node_redis options: reconnect every 100 ms – 2 s for as long as Redis is away. Its defaults back
 * off without bound and give up after an hour; and with a retry strategy a first connection that
 * fails is retried instead of leaving the queue object broken for good.
 */
function redisOptions(url: string): BeeQueue.QueueSettings['redis'] {
  return {
    url,
    retry_strategy: ({ attempt }: { attempt: number }) => Math.min(100 * attempt, 2000),
    connect_timeout: 2 ** 31 - 1,
  } as BeeQueue.QueueSettings['redis'];
}

/**
 * bee-queue on Redis, hardened where bee-queue is weak:
 * - stalled jobs are looked for on an interval (bee-queue looks once unless asked again);
 * - after Redis restarts, its Lua scripts are gone (enqueueing, stall checks and delayed retries
 *   all fail with NOSCRIPT): they are loaded again as soon as the connection is back;
 * - producers keep no job objects in memory, and finished jobs are removed from Redis (the database
 *   keeps each job's outcome).
 * Producers and workers use separate Queue objects so a producer opens no blocking connection.
 */
export class BeeJobQueue implements JobQueue {
  readonly driver = 'bee-queue' as const;
  private readonly producers = new Map<QueueName, Queue>();
  private readonly workers = new Map<QueueName, BeeWorker>();

  constructor(
    private readonly settings: BeeQueueSettings,
    private readonly logger: Logger,
  ) {}

  async enqueue(queueName: QueueName, payload: JobPayload, options: JobOptions = {}): Promise<string> {
    const settings = { ...DEFAULT_JOB_OPTIONS, ...options };
    const producer = this.producer(queueName);
    const timeoutMs = this.settings.enqueueTimeoutMs ?? 1500;
    const save = async () => {
      const job = producer.createJob(payload).retries(settings.retries).backoff('exponential', settings.backoffMs).timeout(settings.timeoutMs);
      if (options.jobId) job.setId(options.jobId);
      const saved = await withTimeout(job.save(), timeoutMs, `Redis did not take the ${queueName} job within ${timeoutMs} ms.`);
      // A job id that is already queued saves nothing and comes back without an id.
      return options.jobId ?? saved.id;
    };
    // Known to be down: say so at once rather than wait (the caller's job is safe in the database).
    if (clientOf(producer)?.connected === false) throw new Error(`Redis is not connected; the ${queueName} job was not queued.`);
    try {
      return await save();
    } catch (err) {
      if (!isNoScript(err)) throw err;
      // Redis restarted and lost bee-queue's scripts: load them and try once more.
      await buildCache(clientOf(producer));
      return save();
    }
  }

  process(queueName: QueueName, handler: JobHandler, concurrency = 1): void {
    if (this.workers.has(queueName)) throw new Error(`A processor for "${queueName}" is already registered.`);
    this.workers.set(queueName, new BeeWorker(queueName, this.settings, handler, concurrency, this.logger));
  }

  async ping(): Promise<void> {
    const queue = this.producer('ai');
    await withTimeout(queue.ready(), 2000, 'Redis is not reachable.');
    await withTimeout(queue.checkHealth(), 2000, 'Redis did not answer.');
  }

  async close(timeoutMs: number = DEFAULT_JOB_OPTIONS.timeoutMs): Promise<void> {
    await Promise.allSettled([...this.workers.values()].map((worker) => worker.close(timeoutMs)));
    await Promise.allSettled([...this.producers.values()].map((queue) => queue.close(1000)));
    this.workers.clear();
    this.producers.clear();
  }

  private producer(queueName: QueueName): Queue {
    let queue = this.producers.get(queueName);
    if (!queue) {
      queue = new BeeQueue<JobPayload>(queueName, {
        prefix: this.settings.prefix,
        redis: redisOptions(this.settings.redisUrl),
        isWorker: false,
        getEvents: false,
        sendEvents: false,
        storeJobs: false,
        activateDelayedJobs: false,
      });
      queue.on('error', (err) => this.logger.warn({ err, queue: queueName }, 'queue connection error'));
      this.producers.set(queueName, queue);
    }
    return queue;
  }
}

/** One queue's worker: keeps trying to reach Redis, and keeps working after Redis restarts. */
class BeeWorker {
  private readonly queue: Queue;
  private readonly running = new Set<AbortController>();
  private readonly stallTimer: NodeJS.Timeout;
  private closed = false;

  constructor(
    private readonly name: QueueName,
    private readonly settings: BeeQueueSettings,
    private readonly handler: JobHandler,
    private readonly concurrency: number,
    private readonly logger: Logger,
  ) {
    this.queue = this.build();
    // bee-queue checks for stalled jobs once unless asked again; keep asking.
    this.stallTimer = setInterval(() => {
      this.queue.checkStalledJobs().catch((err: unknown) => this.logger.warn({ err, queue: this.name }, 'stall check failed'));
    }, settings.stallIntervalMs).unref();
  }

  async close(timeoutMs: number): Promise<void> {
    this.closed = true;
    clearInterval(this.stallTimer);
    // Stop taking jobs and let running ones finish; past the deadline, ask them to stop. Their
    // jobs stay active in Redis and another worker runs them again once they count as stalled.
    const closing = this.queue.close(Math.max(1, timeoutMs)).catch(() => undefined);
    const deadline = setTimeout(() => this.abortRunning(), timeoutMs);
    await closing;
    clearTimeout(deadline);
    this.abortRunning();
  }

  private build(): Queue {
    const queue = new BeeQueue<JobPayload>(this.name, {
      prefix: this.settings.prefix,
      redis: redisOptions(this.settings.redisUrl),
      isWorker: true,
      getEvents: false,
      sendEvents: false,
      storeJobs: false,
      activateDelayedJobs: true,
      removeOnSuccess: true,
      removeOnFailure: true,
      stallInterval: this.settings.stallIntervalMs,
    });
    queue.on('error', (err) => this.logger.warn({ err, queue: this.name }, 'queue connection error'));
    queue.process(this.concurrency, (job) => this.run(job));
    void queue.ready().then(() => clientOf(queue)?.on('ready', () => this.reconnected(queue)));
    return queue;
  }

  private async run(job: BeeQueue.Job<JobPayload>): Promise<void> {
    const timeoutMs = Number(job.options.timeout) || DEFAULT_JOB_OPTIONS.timeoutMs;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new JobTimeoutError(timeoutMs)), timeoutMs);
    this.running.add(controller);
    const context: JobContext = {
      id: job.id,
      queue: this.name,
      retriesLeft: Number(job.options.retries) || 0,
      signal: controller.signal,
    };
    try {
      await this.handler(job.data, context);
    } finally {
      clearTimeout(timer);
      this.running.delete(controller);
    }
  }

  /**
   * The connection came back after a loss. If Redis restarted, bee-queue's scripts are gone and
   * its stall checks and delayed retries (scripts both) would fail from now on: load them again.
   */
  private reconnected(queue: Queue): void {
    if (this.closed) return;
    this.logger.warn({ queue: this.name }, 'Redis connection is back; reloading queue scripts');
    buildCache(clientOf(queue)).catch((err: unknown) => this.logger.warn({ err, queue: this.name }, 'could not reload queue scripts'));
  }

  private abortRunning(): void {
    for (const controller of this.running) controller.abort(new JobStoppedError());
  }
}
