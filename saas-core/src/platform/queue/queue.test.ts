import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { type RedisProcess, startRedis } from '../../test/processes';
import { createLogger } from '../logger';
import { BeeJobQueue } from './bee-queue';
import { InlineJobQueue } from './inline';
import { type JobContext, type JobPayload, type JobQueue, JobStoppedError, JobTimeoutError } from './types';

/** The contract both drivers keep, run against each: bee-queue on the test Redis, and the in-process runner. */
const logger = createLogger({ LOG_LEVEL: 'silent', NODE_ENV: 'test' } as never);
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0';
const drivers: [string, () => JobQueue][] = [
  ['bee-queue', () => new BeeJobQueue({ redisUrl, prefix: `igny8test:queue:${randomUUID().slice(0, 8)}:bq`, stallIntervalMs: 1000 }, logger)],
  ['inline', () => new InlineJobQueue(logger)],
];

const payload = (extra: Record<string, string | number> = {}): JobPayload => ({ type: 'test', accountId: 1, ...extra });
const until = async (check: () => boolean, timeoutMs = 10_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('Timed out.');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe.each(drivers)('%s', (_name, create) => {
  let queue: JobQueue;
  beforeEach(() => {
    queue = create();
  });
  afterEach(async () => queue.close(1000));

  it('runs a job with its payload, retries it with backoff until it succeeds, and counts the retries down', async () => {
    const runs: { at: number; retriesLeft: number; label: unknown }[] = [];
    queue.process('ai', async (data, job) => {
      runs.push({ at: Date.now(), retriesLeft: job.retriesLeft, label: data.label });
      if (runs.length < 3) throw new Error('not yet');
    });
    await queue.enqueue('ai', payload({ label: 'retry me' }), { retries: 3, backoffMs: 100 });
    await until(() => runs.length === 3);
    expect(runs.map((run) => [run.label, run.retriesLeft])).toEqual([
      ['retry me', 3],
      ['retry me', 2],
      ['retry me', 1],
    ]);
    expect(runs[1]!.at - runs[0]!.at).toBeGreaterThanOrEqual(90);
    expect(runs[2]!.at - runs[1]!.at).toBeGreaterThanOrEqual(190); // doubled
  });

  it('gives up after the last retry', async () => {
    let runs = 0;
    queue.process('ai', async () => {
      runs += 1;
      throw new Error('always');
    });
    await queue.enqueue('ai', payload(), { retries: 1, backoffMs: 20 });
    await until(() => runs === 2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(runs).toBe(2);
  });

  it('queues one job per id while it is still to be done', async () => {
    const seen: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    queue.process('ai', async (_data, job) => {
      seen.push(job.id);
      await gate;
    });
    const id = `job-${randomUUID()}`;
    await queue.enqueue('ai', payload(), { jobId: id });
    await until(() => seen.length === 1);
    expect(await queue.enqueue('ai', payload(), { jobId: id })).toBe(id);
    release();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(seen).toEqual([id]);
  });

  it('aborts a run that passes its time limit and tries it again', async () => {
    const reasons: unknown[] = [];
    queue.process('ai', async (_data, job) => {
      if (reasons.length > 0) {
        reasons.push('second run');
        return;
      }
      await new Promise<void>((resolve) => job.signal.addEventListener('abort', () => resolve()));
      reasons.push(job.signal.reason);
      throw job.signal.reason;
    });
    await queue.enqueue('ai', payload(), { timeoutMs: 200, retries: 1, backoffMs: 10 });
    await until(() => reasons.length === 2);
    expect(reasons[0]).toBeInstanceOf(JobTimeoutError);
    expect(reasons[1]).toBe('second run');
  });

  it('on close, lets a running job finish within the deadline and stops one that does not', async () => {
    const events: string[] = [];
    let context: JobContext | undefined;
    queue.process('ai', async (data, job) => {
      context = job;
      await new Promise((resolve) => setTimeout(resolve, Number(data.ms)));
      events.push(job.signal.aborted ? `aborted ${data.ms}` : `finished ${data.ms}`);
    });
    await queue.enqueue('ai', payload({ ms: 150 }));
    await until(() => context !== undefined);
    await queue.close(2000);
    expect(events).toEqual(['finished 150']);

    queue = create();
    context = undefined;
    queue.process('ai', async (_data, job) => {
      context = job;
      await new Promise((resolve) => job.signal.addEventListener('abort', resolve));
    });
    await queue.enqueue('ai', payload());
    await until(() => context !== undefined);
    await queue.close(100);
    expect(context!.signal.reason).toBeInstanceOf(JobStoppedError);
  });
});

describe('bee-queue when Redis restarts', () => {
  let redis: RedisProcess;
  beforeEach(async () => {
    redis = await startRedis();
  });
  afterEach(async () => redis.kill());
  const queueOn = (prefix: string) => new BeeJobQueue({ redisUrl: redis.url, prefix, stallIntervalMs: 1000 }, logger);

  /** Enqueues until Redis takes the job: calls fail fast while the connection is down. */
  async function enqueueWhenBack(queue: JobQueue, data: JobPayload): Promise<number> {
    for (let attempt = 1; attempt <= 100; attempt += 1) {
      if (
        await queue.enqueue('ai', data).then(
          () => true,
          () => false,
        )
      )
        return attempt;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('Redis never took the job.');
  }

  it('a producer alone loads the lost scripts again and queues', async () => {
    const producer = queueOn('igny8test:producer:bq');
    try {
      await producer.enqueue('ai', payload({ n: 1 }));
      await redis.kill();
      await expect(producer.enqueue('ai', payload({ n: 0 }))).rejects.toThrow(/not connected|did not take/);
      await redis.start();
      await enqueueWhenBack(producer, payload({ n: 2 }));
      const client = new Redis(redis.url);
      expect(await client.llen('igny8test:producer:bq:ai:waiting')).toBe(1);
      client.disconnect();
    } finally {
      await producer.close(1000);
    }
  });

  it('a worker started while Redis is down begins once it is up', async () => {
    await redis.kill();
    const worker = queueOn('igny8test:late:bq');
    const producer = queueOn('igny8test:late:bq');
    try {
      const done: number[] = [];
      worker.process('ai', async (data) => void done.push(Number(data.n)));
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await redis.start();
      await enqueueWhenBack(producer, payload({ n: 1 }));
      await until(() => done.length === 1);
    } finally {
      await worker.close(1000);
      await producer.close(1000);
    }
  });

  it('with its data kept, a retry waiting out its backoff still comes due (the scripts that raise it are loaded again)', async () => {
    await redis.kill();
    redis = await startRedis({ persist: true });
    const worker = queueOn('igny8test:delayed:bq');
    const producer = queueOn('igny8test:delayed:bq');
    try {
      const runs: number[] = [];
      worker.process('ai', async (_data, job) => {
        runs.push(job.retriesLeft);
        if (runs.length === 1) throw new Error('first run fails');
      });
      await producer.enqueue('ai', payload(), { retries: 1, backoffMs: 2500 });
      await until(() => runs.length === 1);
      await redis.kill();
      await redis.start();
      // Nothing is enqueued after the restart, so only the worker itself can reload the scripts.
      await until(() => runs.length === 2, 15_000);
      expect(runs).toEqual([1, 0]);
    } finally {
      await worker.close(1000);
      await producer.close(1000);
    }
  }, 30_000);
});
