import { randomUUID } from 'node:crypto';
import { expectLedgerMatchesBalance, heldCreditsOf, setCredits } from '../credits/test-support';
import { createTenant, type Tenant, type TestContext, startTestApp } from '../test/harness';
import { type RedisProcess, startRedis, startWorker, type WorkerProcess } from '../test/processes';
import { FakeProviderServer } from './testing/fake-provider-server';
import { sectorWithKeywords, startRun, type TaskState, useTestProviders, waitForTask } from './test-support';

/**
 * The engine as deployed: the API in this process, `node dist/worker.js` as a separate process,
 * MySQL, and a Redis of this file's own (so it can be killed without disturbing other files). The
 * provider is the scripted server on loopback, reached through the real SDK and HTTP client.
 */
let redis: RedisProcess;
let fake: FakeProviderServer;
let ctx: TestContext;
let worker: WorkerProcess | null = null;
const prefix = `igny8test:worker:${randomUUID().slice(0, 8)}:`;
const env = () => ({
  REDIS_URL: redis.url,
  REDIS_KEY_PREFIX: prefix,
  QUEUE_STALL_INTERVAL_MS: '1000',
  QUEUE_RECOVERY_INTERVAL_MS: '500',
  AI_RETRY_BACKOFF_MS: '100',
  WORKER_CONCURRENCY: '3',
  SHUTDOWN_TIMEOUT_MS: '2000',
});
const tenants: Tenant[] = [];

beforeAll(async () => {
  redis = await startRedis();
  fake = await FakeProviderServer.start();
  ctx = await startTestApp(env());
  worker = await startWorker(env());
}, 60_000);
afterAll(async () => {
  await worker?.stop();
  await ctx.close();
  await fake.close();
  await redis.kill();
});
beforeEach(() => fake.reset());
afterEach(async () => {
  // After every test, each account's ledger adds up to its balance, and no credits stay held.
  for (const t of tenants) {
    await expectLedgerMatchesBalance(ctx.services.knex, t.accountId);
    expect(await heldCreditsOf(ctx.services.knex, t.accountId)).toBe(0);
  }
});

async function tenant(label: string): Promise<Tenant> {
  const t = await createTenant(ctx, label);
  await useTestProviders(ctx, t, fake);
  tenants.push(t);
  return t;
}

const as = (t: Tenant) => ({ Authorization: `Bearer ${t.users.owner.token}` });
const count = async (table: string, where: Record<string, unknown>) => Number((await ctx.services.knex(table).where(where).count({ n: '*' }))[0]!.n);
const charges = (t: Tenant, key: string) => count('credit_transactions', { accountId: t.accountId, idempotencyKey: key, type: 'charge' });
const withOutput = async <T>(run: () => Promise<T>): Promise<T> => {
  try {
    return await run();
  } catch (err) {
    throw new Error(`${(err as Error).message}\n--- worker output ---\n${worker?.output().slice(-4000)}`);
  }
};

async function newTasks(t: Tenant, n: number): Promise<number[]> {
  const ids: number[] = [];
  for (let index = 0; index < n; index += 1) {
    const task = await ctx.http
      .post('/api/v1/writer/tasks/')
      .set(as(t))
      .send({
        site_id: t.siteId,
        sector_id: t.sectorId,
        title: `Trail running guide ${index + 1}`,
        target_keywords: ['trail running'],
        outline: ['Gear', 'Training', 'Races', 'Recovery', 'Nutrition', 'Safety'].map((heading) => ({ heading, points: [`About ${heading}`] })),
      })
      .expect(201);
    ids.push(task.body.data.id as number);
  }
  return ids;
}

async function newClusters(t: Tenant, n: number): Promise<number[]> {
  const target = await sectorWithKeywords(
    ctx,
    t,
    Array.from({ length: n }, (_, index) => ({ keyword: `trail topic ${index}` })),
  );
  const ids: number[] = [];
  for (const keywordId of target.keyword_ids) {
    const cluster = await ctx.http
      .post('/api/v1/planner/clusters/')
      .set(as(t))
      .send({ site_id: target.site_id, sector_id: target.sector_id, name: `Cluster ${keywordId}`, keyword_ids: [keywordId] })
      .expect(201);
    ids.push(cluster.body.data.id as number);
  }
  return ids;
}

it('runs each function end to end on the worker process', async () => {
  const t = await tenant('wp-pipeline');
  await withOutput(async () => {
    const target = await sectorWithKeywords(
      ctx,
      t,
      [
        'trail running shoes',
        'best trail running shoes',
        'trail shoes for women',
        'trail running socks',
        'merino running socks',
        'running socks',
      ].map((keyword) => ({ keyword })),
    );
    const clustered = await waitForTask(ctx, t, (await startRun(ctx, t, '/planner/keywords/auto_cluster', { ...target, engine: 'openai' })).task_id);
    expect(clustered).toMatchObject({ status: 'completed', credits: 1 });
    const clusterId = (clustered.result!.cluster_ids as number[])[0]!;

    const ideated = await waitForTask(
      ctx,
      t,
      (await startRun(ctx, t, '/planner/clusters/generate_ideas', { cluster_ids: [clusterId], ideas_per_cluster: 3 })).task_id,
    );
    expect(ideated).toMatchObject({ status: 'completed', credits: 3 });
    const ideaId = (ideated.result!.idea_ids as number[])[0]!;
    const tasks = await ctx.http
      .post('/api/v1/planner/ideas/create_tasks/')
      .set(as(t))
      .send({ idea_ids: [ideaId] })
      .expect(201);
    const taskId = tasks.body.data.tasks[0].id as number;

    const written = await waitForTask(ctx, t, (await startRun(ctx, t, '/writer/tasks/generate_content', { task_ids: [taskId] })).task_id);
    expect(written).toMatchObject({ status: 'completed', credits: 3 });
    const contentId = (written.result!.contents as { content_id: number }[])[0]!.content_id;
    const content = await ctx.http.get(`/api/v1/writer/content/${contentId}/`).set(as(t)).expect(200);
    const idea = await ctx.http.get(`/api/v1/planner/ideas/${ideaId}/`).set(as(t)).expect(200);
    expect([...(content.body.data.html as string).matchAll(/<h2>(.*?)<\/h2>/g)].map((match) => match[1])).toEqual(
      idea.body.data.outline.map((section: { heading: string }) => section.heading),
    );

    const prompted = await waitForTask(
      ctx,
      t,
      (await startRun(ctx, t, '/writer/content/generate_image_prompts', { content_ids: [contentId], in_article_count: 1 })).task_id,
    );
    expect(prompted).toMatchObject({ status: 'completed', credits: 0 });
    const imageIds = prompted.result!.image_ids as number[];
    const drawn = await waitForTask(ctx, t, (await startRun(ctx, t, '/writer/images/generate_images', { image_ids: imageIds })).task_id);
    expect(drawn).toMatchObject({ status: 'completed', credits: 2 });
    const images = await ctx.http.get('/api/v1/writer/images/').set(as(t)).query({ content_id: contentId }).expect(200);
    for (const image of images.body.results) {
      expect(image.status).toBe('generated');
      await ctx.http.get(new URL(image.url).pathname).expect(200).expect('Content-Type', 'image/png');
    }
    // Every run logged once, by the worker.
    const logs = await ctx.services.knex('ai_task_logs').where({ accountId: t.accountId }).select('function', 'status');
    expect(logs.map((log) => `${log.function}:${log.status}`).sort()).toEqual(
      ['auto_cluster', 'generate_content', 'generate_ideas', 'generate_image_prompts', 'generate_images'].map((fn) => `${fn}:completed`),
    );
  });
});

it('50 concurrent runs on an account with credits for 10: exactly 10 run and succeed, the balance never goes negative', async () => {
  const t = await tenant('wp-credits');
  await setCredits(ctx, t, 30); // generate_content costs 3
  const taskIds = await newTasks(t, 50);
  const responses = await Promise.all(
    taskIds.map((taskId) =>
      ctx.http
        .post('/api/v1/writer/tasks/generate_content/')
        .set(as(t))
        .send({ task_ids: [taskId] }),
    ),
  );
  const accepted = responses.filter((response) => response.status === 202);
  const refused = responses.filter((response) => response.status !== 202);
  expect(accepted).toHaveLength(10);
  expect(refused.map((response) => `${response.status} ${response.body.error_code}`)).toEqual(Array(40).fill('402 INSUFFICIENT_CREDITS'));
  const states = await withOutput(() => Promise.all(accepted.map((response) => waitForTask(ctx, t, response.body.data.task_id))));
  expect(states.map((state) => state.status)).toEqual(Array(10).fill('completed'));
  // No AI call was made for a run that could not pay: every call wrote the article of an accepted run.
  // (bee-queue delivers at least once, so a run whose worker stalled may have asked twice.)
  const acceptedTitles = responses.flatMap((response, index) => (response.status === 202 ? [`Trail running guide ${index + 1}`] : []));
  const askedFor = fake
    .requestsTo('chat')
    .map((request) => /Write the article "([^"]*)"/.exec((request.body.messages as { content: string }[])[1]!.content)![1]);
  expect(new Set(askedFor)).toEqual(new Set(acceptedTitles));
  expect(await count('contents', { accountId: t.accountId })).toBe(10);
  const ledger = await ctx.services
    .knex('credit_transactions')
    .where({ accountId: t.accountId, type: 'charge' })
    .orderBy('id')
    .select('balanceAfter');
  expect(ledger.map((entry) => entry.balanceAfter)).toEqual([27, 24, 21, 18, 15, 12, 9, 6, 3, 0]);
});

it('a worker killed with SIGKILL mid-job: the job runs again and completes once', async () => {
  const t = await tenant('wp-sigkill');
  const [taskId] = await newTasks(t, 1);
  fake.script('chat', [{ delayMs: 5000 }]); // the first answer comes too late: the worker is dead by then
  const started = await startRun(ctx, t, '/writer/tasks/generate_content', { task_ids: [taskId] });
  await withOutput(async () => {
    const deadline = Date.now() + 15_000;
    while (fake.requestsTo('chat').length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fake.requestsTo('chat')).toHaveLength(1);
    // Progress is written at most every 250 ms: the AI_CALL phase shows shortly after the call went out.
    let state: { status: string; phase: string } | undefined;
    while (Date.now() < deadline && state?.phase !== 'AI_CALL') {
      state = await ctx.services.knex('ai_tasks').where({ taskId: started.task_id }).first('status', 'phase');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(state).toEqual({ status: 'running', phase: 'AI_CALL' });
  });
  await worker!.kill();
  worker = await startWorker(env());
  const done = await withOutput(() => waitForTask(ctx, t, started.task_id));
  expect(done).toMatchObject({ status: 'completed', attempts: 2, credits: 3 });
  expect(fake.requestsTo('chat')).toHaveLength(2);
  expect(await count('contents', { taskId })).toBe(1);
  expect(await count('content_versions', { accountId: t.accountId })).toBe(0);
  expect(await charges(t, started.task_id)).toBe(1);
  expect(await ctx.services.knex('ai_task_logs').where({ accountId: t.accountId }).select('status')).toEqual([{ status: 'completed' }]);
});

it('Redis restarted (and emptied) during a run: no job is lost, each completes once', async () => {
  const t = await tenant('wp-redis');
  const clusters = await newClusters(t, 10);
  // Every answer takes a while, so runs are queued, running and finished when Redis dies.
  fake.script(
    'chat',
    Array.from({ length: 30 }, () => ({ delayMs: 300 })),
  );
  const before = await Promise.all(
    clusters.slice(0, 6).map((id) => startRun(ctx, t, '/planner/clusters/generate_ideas', { cluster_ids: [id], ideas_per_cluster: 3 })),
  );
  const first = before[0]!.task_id;
  await withOutput(() => waitForTask(ctx, t, first));
  await redis.kill();
  // While Redis is away the API still records and accepts runs, at once.
  const startedWhileDown = Date.now();
  const during: { task_id: string }[] = [];
  for (const id of clusters.slice(6))
    during.push(await startRun(ctx, t, '/planner/clusters/generate_ideas', { cluster_ids: [id], ideas_per_cluster: 3 }));
  expect(Date.now() - startedWhileDown).toBeLessThan(4 * 1000);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  await redis.start();
  const states: TaskState[] = await withOutput(() => Promise.all([...before, ...during].map((run) => waitForTask(ctx, t, run.task_id, 60_000))));
  expect(states.map((state) => state.status)).toEqual(Array(10).fill('completed'));
  for (const clusterId of clusters) expect(await count('content_ideas', { clusterId })).toBe(3);
  for (const state of states) expect(await charges(t, state.task_id)).toBe(1);
  expect(await ctx.services.knex('ai_task_logs').where({ accountId: t.accountId, status: 'completed' }).count({ n: '*' })).toEqual([{ n: 10 }]);
}, 90_000);

it('stops gracefully on SIGTERM: the running job finishes first', async () => {
  const t = await tenant('wp-sigterm');
  const [taskId] = await newTasks(t, 1);
  fake.script('chat', [{ delayMs: 800 }]);
  const started = await startRun(ctx, t, '/writer/tasks/generate_content', { task_ids: [taskId] });
  const deadline = Date.now() + 15_000;
  while (fake.requestsTo('chat').length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  const code = await worker!.stop();
  expect(code).toBe(0);
  expect(await ctx.services.knex('ai_tasks').where({ taskId: started.task_id }).first('status', 'attempts')).toEqual({
    status: 'completed',
    attempts: 1,
  });
  worker = await startWorker(env());
});
