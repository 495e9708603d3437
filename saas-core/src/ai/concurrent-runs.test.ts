import { expectLedgerMatchesBalance, heldCreditsOf, setCredits } from '../credits/test-support';
import { inTransaction, lockForUpdate } from '../platform/db';
import type { JobContext } from '../platform/queue/types';
import { accountScope } from '../platform/tenancy/scope';
import { createTenant, type Tenant, type TestContext, startTestApp } from '../test/harness';
import { AI_JOB, claimAiTask, performAiJob } from './engine';
import { FakeProviderServer } from './testing/fake-provider-server';
import { sectorWithKeywords, startRun, useTestProviders } from './test-support';

/**
 * Runs that meet: deliveries of the same job, runs of one account that start, are claimed and finish
 * together (written in one transaction each way), and a run another delivery took over. No worker
 * runs here: the test delivers the jobs itself, at the moments it needs.
 */
let ctx: TestContext;
let fake: FakeProviderServer;
const tenants: Tenant[] = [];
beforeAll(async () => {
  fake = await FakeProviderServer.start();
  // The in-process queue with no processor: no worker of another test file takes these jobs.
  ctx = await startTestApp({ AI_RETRY_BACKOFF_MS: '50', REDIS_URL: '' }, { jobs: false });
});
afterAll(async () => {
  await ctx.close();
  await fake.close();
});
beforeEach(() => fake.reset());
afterEach(async () => {
  for (const t of tenants.splice(0)) await expectLedgerMatchesBalance(ctx.services.knex, t.accountId);
});

async function tenant(label: string): Promise<Tenant> {
  const t = await createTenant(ctx, label);
  await useTestProviders(ctx, t, fake);
  tenants.push(t);
  return t;
}

/** Starts generate_ideas (3 ideas, 3 credits) on `n` new clusters; returns the task ids. */
async function startIdeas(t: Tenant, n: number): Promise<string[]> {
  const target = await sectorWithKeywords(
    ctx,
    t,
    Array.from({ length: n }, (_, index) => ({ keyword: `trail topic ${index}` })),
  );
  const taskIds: string[] = [];
  for (const keywordId of target.keyword_ids) {
    const cluster = await ctx.http
      .post('/api/v1/planner/clusters/')
      .set('Authorization', `Bearer ${t.users.owner.token}`)
      .send({ site_id: target.site_id, sector_id: target.sector_id, name: `Cluster ${keywordId}`, keyword_ids: [keywordId] })
      .expect(201);
    taskIds.push((await startRun(ctx, t, '/planner/clusters/generate_ideas', { cluster_ids: [cluster.body.data.id], ideas_per_cluster: 3 })).task_id);
  }
  return taskIds;
}

const delivery = (): JobContext => ({ id: 'test', queue: 'ai', retriesLeft: 0, signal: new AbortController().signal });
const deliver = (t: Tenant, taskId: string) => performAiJob(ctx.services, { type: AI_JOB, accountId: t.accountId, taskId }, delivery());
const taskRow = (taskId: string) => ctx.services.knex('ai_tasks').where({ taskId }).first('status', 'attempts', 'credits', 'errorCode');
const chargesFor = async (taskId: string) =>
  Number((await ctx.services.knex('credit_transactions').where({ idempotencyKey: taskId, type: 'charge' }).count({ n: '*' }))[0]!.n);
const logsOf = async (taskId: string) =>
  (await ctx.services
    .knex('ai_task_logs')
    .join('ai_tasks', 'ai_tasks.id', 'ai_task_logs.ai_task_id')
    .where('ai_tasks.task_id', taskId)
    .orderBy('ai_task_logs.id')
    .select('ai_task_logs.attempt', 'ai_task_logs.status')) as { attempt: number; status: string }[];

it('claims a task for one run: of two deliveries that read it together, only one takes it', async () => {
  const t = await tenant('claim-race');
  const [taskId] = await startIdeas(t, 1);
  const scope = accountScope(t.accountId);
  // Both deliveries read the task while a lock holds their UPDATEs back; then they meet at the row.
  let release!: () => void;
  const locked = new Promise<void>((resolve) => (release = resolve));
  let holding!: () => void;
  const held = new Promise<void>((resolve) => (holding = resolve));
  const lock = inTransaction(ctx.services.knex, async (trx) => {
    await lockForUpdate(trx, trx('ai_tasks').where({ taskId }));
    holding();
    await locked;
  });
  await held;
  const claims = [claimAiTask(ctx.services.knex, scope, taskId!), claimAiTask(ctx.services.knex, scope, taskId!)];
  await new Promise((resolve) => setTimeout(resolve, 300));
  release();
  await lock;
  const claimed = await Promise.all(claims);
  expect(claimed.map((task) => task?.attempts ?? null).sort()).toEqual([1, null]);
  expect(await taskRow(taskId!)).toMatchObject({ status: 'running', attempts: 1 });
  // A later delivery (the first one's worker died) takes it over, as the next run.
  expect((await claimAiTask(ctx.services.knex, scope, taskId!))?.attempts).toBe(2);
  await deliver(t, taskId!);
  expect(await taskRow(taskId!)).toMatchObject({ status: 'completed', attempts: 3 });
  expect(await claimAiTask(ctx.services.knex, scope, taskId!)).toBeNull();
});

it('two deliveries of the same job at the same moment: one run, one AI call, one charge', async () => {
  const t = await tenant('double-delivery');
  const [taskId] = await startIdeas(t, 1);
  fake.script('chat', [{ delayMs: 200 }]);
  await Promise.all([deliver(t, taskId!), deliver(t, taskId!)]);
  expect(fake.requestsTo('chat')).toHaveLength(1);
  expect(await taskRow(taskId!)).toMatchObject({ status: 'completed', attempts: 1, credits: 3 });
  expect(await chargesFor(taskId!)).toBe(1);
  expect(await logsOf(taskId!)).toEqual([{ attempt: 1, status: 'completed' }]);
});

it('runs that finish together are saved, logged and charged once each, several in one transaction', async () => {
  const t = await tenant('finish-together');
  const taskIds = await startIdeas(t, 5);
  fake.script(
    'chat',
    taskIds.map(() => ({ delayMs: 150 })),
  );
  let completionUpdates = 0;
  const count = (query: { sql: string }) => void (/case id when/i.test(query.sql) && (completionUpdates += 1));
  ctx.services.knex.on('query', count);
  try {
    await Promise.all(taskIds.map((taskId) => deliver(t, taskId)));
  } finally {
    ctx.services.knex.off('query', count);
  }
  expect(completionUpdates).toBeLessThan(taskIds.length);
  for (const taskId of taskIds) {
    expect(await taskRow(taskId)).toMatchObject({ status: 'completed', attempts: 1, credits: 3 });
    expect(await chargesFor(taskId)).toBe(1);
    expect(await logsOf(taskId)).toEqual([{ attempt: 1, status: 'completed' }]);
  }
  const usage = await ctx.services.knex('credit_usage_logs').where({ accountId: t.accountId }).whereNotNull('transactionId').select('taskKey');
  expect(usage.map((row) => row.taskKey).sort()).toEqual([...taskIds].sort());
  expect(Number((await ctx.services.knex('content_ideas').where({ accountId: t.accountId }).count({ n: '*' }))[0]!.n)).toBe(15);
  expect(await heldCreditsOf(ctx.services.knex, t.accountId)).toBe(0);
});

it('of runs that finish together, one that can no longer be paid fails alone; the others are charged', async () => {
  const t = await tenant('finish-short');
  await setCredits(ctx, t, 9);
  const taskIds = await startIdeas(t, 3);
  await setCredits(ctx, t, 6); // taken back after the credits were held: two runs' worth is left
  fake.script(
    'chat',
    taskIds.map(() => ({ delayMs: 100 })),
  );
  await Promise.all(taskIds.map((taskId) => deliver(t, taskId)));
  const rows = await Promise.all(taskIds.map(taskRow));
  expect(rows.map((row) => row.status).sort()).toEqual(['completed', 'completed', 'failed']);
  const failed = taskIds[rows.findIndex((row) => row.status === 'failed')]!;
  expect(await taskRow(failed)).toMatchObject({ errorCode: 'INSUFFICIENT_CREDITS', credits: 0 });
  expect(await chargesFor(failed)).toBe(0);
  expect(Number((await ctx.services.knex('content_ideas').where({ accountId: t.accountId }).count({ n: '*' }))[0]!.n)).toBe(6);
  expect(await heldCreditsOf(ctx.services.knex, t.accountId)).toBe(0);
  expect(await expectLedgerMatchesBalance(ctx.services.knex, t.accountId)).toBe(0);
});

it('a run another delivery took over neither fails the task nor gives its credits back', async () => {
  const t = await tenant('taken-over');
  const [taskId] = await startIdeas(t, 1);
  fake.script('chat', [{ delayMs: 300, status: 400, error: { message: 'maximum context length exceeded', code: 'context_length_exceeded' } }]);
  const first = deliver(t, taskId!);
  while (fake.requestsTo('chat').length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
  // Meanwhile the job is delivered again (the first worker looked dead) and that run takes the task.
  expect((await claimAiTask(ctx.services.knex, accountScope(t.accountId), taskId!))?.attempts).toBe(2);
  await first; // its call fails for good, but the task is no longer its own
  expect(await taskRow(taskId!)).toMatchObject({ status: 'running', attempts: 2, errorCode: null });
  expect(await heldCreditsOf(ctx.services.knex, t.accountId)).toBe(3);
  await deliver(t, taskId!);
  expect(await taskRow(taskId!)).toMatchObject({ status: 'completed', attempts: 3, credits: 3 });
  expect(await chargesFor(taskId!)).toBe(1);
  expect(await logsOf(taskId!)).toEqual([
    { attempt: 1, status: 'failed' },
    { attempt: 3, status: 'completed' },
  ]);
  expect(await heldCreditsOf(ctx.services.knex, t.accountId)).toBe(0);
});

it('starts that arrive together, more than the account can cover: each gets its own answer, 202 or 402', async () => {
  const t = await tenant('start-together');
  await setCredits(ctx, t, 12); // four runs' worth
  const target = await sectorWithKeywords(
    ctx,
    t,
    Array.from({ length: 10 }, (_, index) => ({ keyword: `start topic ${index}` })),
  );
  const clusterIds: number[] = [];
  for (const keywordId of target.keyword_ids) {
    const cluster = await ctx.http
      .post('/api/v1/planner/clusters/')
      .set('Authorization', `Bearer ${t.users.owner.token}`)
      .send({ site_id: target.site_id, sector_id: target.sector_id, name: `Start ${keywordId}`, keyword_ids: [keywordId] })
      .expect(201);
    clusterIds.push(cluster.body.data.id as number);
  }
  const responses = await Promise.all(
    clusterIds.map((clusterId) =>
      ctx.http
        .post('/api/v1/planner/clusters/generate_ideas/')
        .set('Authorization', `Bearer ${t.users.owner.token}`)
        .send({ cluster_ids: [clusterId], ideas_per_cluster: 3 }),
    ),
  );
  expect(responses.map((response) => response.status).sort()).toEqual([...Array(4).fill(202), ...Array(6).fill(402)]);
  for (const response of responses.filter((candidate) => candidate.status === 402)) expect(response.body.error_code).toBe('INSUFFICIENT_CREDITS');
  const started = responses.filter((response) => response.status === 202).map((response) => response.body.data.task_id as string);
  const recorded = (await ctx.services.knex('ai_tasks').where({ accountId: t.accountId }).select('taskId')) as { taskId: string }[];
  expect(recorded.map((row) => row.taskId).sort()).toEqual([...started].sort());
  expect(await heldCreditsOf(ctx.services.knex, t.accountId)).toBe(12);
  await Promise.all(started.map((taskId) => deliver(t, taskId)));
  expect(await heldCreditsOf(ctx.services.knex, t.accountId)).toBe(0);
  expect(await expectLedgerMatchesBalance(ctx.services.knex, t.accountId)).toBe(0);
});
