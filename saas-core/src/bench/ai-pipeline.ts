import { randomUUID } from 'node:crypto';
import BeeQueue from 'bee-queue';
import { callApi } from './http';
import { startProcess } from './processes';
import { inParallel } from './parallel';
import type { BenchResult } from './report';
import { startScratch } from './scratch';

const JOBS = Number(process.env.BENCH_AI_JOBS ?? 1000);
const CONCURRENCY = 8;
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/0';

type Scratch = Awaited<ReturnType<typeof startScratch>>;
type BareMode = 'noop' | 'call' | 'save';

/** The test provider, instant, in a process of its own (bench/fake-provider), as the real one answers from elsewhere. */
interface Provider {
  openAiBaseUrl: string;
}

/**
 * The baseline: bare bee-queue with the same topology as ours (jobs queued here, a worker process
 * taking them at the same concurrency). `save`, the one compared: each job makes the same provider
 * call through the same SDK and inserts the same ideas with one plain knex statement. `call` and
 * `noop` are printed for reference. Timed from the first job queued to the last one finished.
 */
async function bareBeeQueue(provider: Provider, scratch: Scratch, mode: BareMode): Promise<number> {
  const prefix = `igny8bench:${randomUUID().slice(0, 8)}`;
  const sectorId = await scratch.newSector(`bare ${mode}`);
  const clusterIds = await clustersToPlan(scratch, sectorId);
  const worker = await startProcess(
    'bench/bare-worker.js',
    {
      BENCH_JOBS: String(JOBS),
      BENCH_MODE: mode,
      BENCH_OPENAI_URL: provider.openAiBaseUrl,
      BENCH_DATABASE_URL: scratch.env.DATABASE_URL!,
      BENCH_OWNER: JSON.stringify({ accountId: scratch.accountId, siteId: scratch.siteId, sectorId }),
      BENCH_PREFIX: prefix,
      BENCH_REDIS_URL: REDIS_URL,
      BENCH_CONCURRENCY: String(CONCURRENCY),
    },
    /^ready$/,
  );
  const producer = new BeeQueue('bench', {
    prefix,
    redis: { url: REDIS_URL } as BeeQueue.QueueSettings['redis'],
    isWorker: false,
    getEvents: false,
    sendEvents: false,
    storeJobs: false,
  });
  try {
    await producer.ready();
    const finished = worker.waitFor(/^finished \d+$/);
    const started = Date.now();
    let next = 0;
    await inParallel(JOBS, 16, () => producer.createJob({ clusterId: clusterIds[next++] }).retries(3).save());
    const elapsed = Number((await finished).split(' ')[1]) - started;
    if (mode === 'save') {
      const ideas = await scratch.services.knex('content_ideas').where({ sectorId }).count({ n: '*' });
      if (Number(ideas[0]!.n) !== 3 * JOBS) throw new Error(`the baseline saved ${ideas[0]!.n} ideas for ${JOBS} jobs`);
    }
    return elapsed;
  } finally {
    await producer.close();
    await worker.stop();
  }
}

/**
 * Ours, as deployed: each run started through the API (auth, checks, credits held, 202), taken by
 * `dist/worker.js` in its own process, sent to the provider through the SDK, parsed, saved as
 * ideas, charged and logged. Timed from the first request to the last run's own finished_at.
 */
async function pipeline(provider: Provider, scratch: Scratch): Promise<number> {
  const worker = await startProcess('worker.js', { ...scratch.env, LOG_LEVEL: 'info' }, /worker started/);
  try {
    await callApi(scratch.baseUrl, scratch.token, '/system/settings/integrations/openai/', {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ api_key: 'sk-bench-000000', config: { base_url: provider.openAiBaseUrl } }),
    });
    const clusterIds = await clustersToPlan(scratch, await scratch.newSector('pipeline'));
    const { knex } = scratch.services;
    const startedAt = Date.now();
    let next = 0;
    await inParallel(JOBS, 16, () =>
      callApi(scratch.baseUrl, scratch.token, '/planner/clusters/generate_ideas/', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ cluster_ids: [clusterIds[next++]], ideas_per_cluster: 3 }),
      }),
    );
    for (;;) {
      const open = await knex('ai_tasks').where({ accountId: scratch.accountId }).whereIn('status', ['queued', 'running']).count({ n: '*' });
      if (Number(open[0]!.n) === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const outcome = (await knex('ai_tasks')
      .where({ accountId: scratch.accountId })
      .groupBy('status')
      .select('status')
      .count({ n: '*' })
      .max({ last: 'finishedAt' })) as {
      status: string;
      n: number | string;
      last: Date;
    }[];
    const completed = outcome.find((row) => row.status === 'completed');
    if (Number(completed?.n) !== JOBS) throw new Error(`runs ended ${JSON.stringify(outcome)}`);
    const ideas = await knex('content_ideas').where({ accountId: scratch.accountId }).whereIn('clusterId', clusterIds).count({ n: '*' });
    const charges = await knex('credit_transactions').where({ accountId: scratch.accountId, type: 'charge' }).count({ n: '*' });
    if (Number(ideas[0]!.n) !== 3 * JOBS || Number(charges[0]!.n) !== JOBS)
      throw new Error(`${ideas[0]!.n} ideas and ${charges[0]!.n} charges for ${JOBS} runs`);
    return new Date(completed!.last).getTime() - startedAt;
  } finally {
    await worker.stop();
  }
}

/** One cluster (with a keyword) per run. */
async function clustersToPlan(scratch: Scratch, sectorId: number): Promise<number[]> {
  const { knex } = scratch.services;
  const now = new Date();
  const owner = { accountId: scratch.accountId, siteId: scratch.siteId, sectorId, createdAt: now, updatedAt: now };
  const [keywordId] = (await knex('keywords').insert({
    ...owner,
    keyword: 'trail running shoes',
    normalizedKeyword: 'trail running shoes',
    volume: 1000,
    status: 'active',
    source: 'manual',
  })) as number[];
  const ids: number[] = [];
  for (let index = 0; index < JOBS; index += 1) {
    const [clusterId] = (await knex('clusters').insert({ ...owner, name: `Cluster ${index}`, status: 'active' })) as number[];
    await knex('cluster_keywords').insert({ accountId: scratch.accountId, clusterId, keywordId, createdAt: now, updatedAt: now });
    ids.push(clusterId!);
  }
  return ids;
}

export async function benchAiPipeline(): Promise<BenchResult> {
  const providerProcess = await startProcess('bench/fake-provider.js', {}, /^provider /);
  const provider: Provider = { openAiBaseUrl: (await providerProcess.waitFor(/^provider /)).split(' ')[1]! };
  const scratch = await startScratch(
    { REDIS_URL, REDIS_KEY_PREFIX: `igny8bench:${randomUUID().slice(0, 8)}:`, WORKER_CONCURRENCY: String(CONCURRENCY) },
    { jobs: false },
  );
  try {
    const noop = await bareBeeQueue(provider, scratch, 'noop');
    const call = await bareBeeQueue(provider, scratch, 'call');
    const baseline = await bareBeeQueue(provider, scratch, 'save');
    const ours = await pipeline(provider, scratch);
    return {
      kind: 'ratio',
      name:
        `${JOBS.toLocaleString('en-US')} AI runs through the whole pipeline (API start with credits held, worker process, provider, ` +
        'save, charge, progress and log) vs bare bee-queue jobs making the same provider call and saving the same ideas',
      baselineMs: baseline,
      oursMs: ours,
      ratio: baseline / ours,
      target: 0.3,
      note: `bare bee-queue without the save: ${call} ms, with a no-op handler: ${noop} ms; concurrency ${CONCURRENCY}, one worker process each`,
    };
  } finally {
    await scratch.close();
    await providerProcess.stop();
  }
}
