import BeeQueue from 'bee-queue';
import knexFactory from 'knex';
import { IdeasOutput } from '../ai/functions/schemas';
import { OpenAiProvider } from '../ai/providers/openai-provider';

/**
 * The baseline's worker process: bare bee-queue, no framework. Each job makes the same provider
 * call through the same SDK (answer checked against the same schema) and, in `save` mode,
 * inserts the ideas it got with one plain knex statement, as a hand-rolled worker would. Prints
 * when the last of BENCH_JOBS jobs finished.
 */
const jobs = Number(process.env.BENCH_JOBS);
const mode = process.env.BENCH_MODE ?? 'noop';
const provider = new OpenAiProvider({ apiKey: 'sk-bench', baseUrl: process.env.BENCH_OPENAI_URL, maxRetries: 0 });
const prompt = 'Cluster: "trail running shoes". Propose 3 distinct article ideas.';
const request = { model: 'gpt-4.1-mini', system: 'You plan articles.', user: prompt, schemaName: 'content_ideas', schema: IdeasOutput };
const knex = mode === 'save' ? knexFactory({ client: 'mysql2', connection: process.env.BENCH_DATABASE_URL, pool: { min: 0, max: 10 } }) : null;
const owner = JSON.parse(process.env.BENCH_OWNER ?? '{}') as Record<string, number>;

const worker = new BeeQueue<{ clusterId: number }>('bench', {
  prefix: process.env.BENCH_PREFIX,
  redis: { url: process.env.BENCH_REDIS_URL } as BeeQueue.QueueSettings['redis'],
  isWorker: true,
  getEvents: false,
  sendEvents: false,
  storeJobs: false,
  removeOnSuccess: true,
});
let done = 0;
worker.process(Number(process.env.BENCH_CONCURRENCY), async (job) => {
  if (mode !== 'noop') {
    const { data } = await provider.structured(request);
    if (knex) {
      const now = new Date();
      await knex('content_ideas').insert(
        data.ideas.map((idea) => ({
          account_id: owner.accountId,
          site_id: owner.siteId,
          sector_id: owner.sectorId,
          cluster_id: job.data.clusterId,
          title: idea.title,
          description: idea.description,
          content_type: idea.content_type,
          content_structure: idea.content_structure,
          target_keywords: JSON.stringify(idea.target_keywords),
          estimated_word_count: idea.estimated_word_count,
          outline: JSON.stringify(idea.outline),
          status: 'new',
          created_at: now,
          updated_at: now,
        })),
      );
    }
  }
  if ((done += 1) === jobs) process.stdout.write(`finished ${Date.now()}\n`);
});
void worker.ready().then(() => process.stdout.write('ready\n'));
process.on('SIGTERM', () => void Promise.all([worker.close(), knex?.destroy()]).then(() => process.exit(0)));
