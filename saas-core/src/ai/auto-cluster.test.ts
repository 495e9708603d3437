import { randomUUID } from 'node:crypto';
import { createTenant, type Tenant, type TestContext, startTestApp } from '../test/harness';
import { performAiJob } from './engine';

/** auto_cluster end to end: 202 with a task id, the job on the queue, progress read back, clusters saved once. */
let ctx: TestContext;
let t: Tenant;
beforeAll(async () => {
  ctx = await startTestApp({}, { jobs: true });
  t = await createTenant(ctx, 'autocluster');
});
afterAll(async () => ctx.close());

const api = (path: string) => `/api/v1${path}/`;
const as = (role: keyof Tenant['users']) => ({ Authorization: `Bearer ${t.users[role].token}` });

async function sectorWith(keywords: { keyword: string; volume: number }[]): Promise<{ site_id: number; sector_id: number; ids: number[] }> {
  const sector = await ctx.http
    .post(api('/auth/sectors'))
    .set(as('owner'))
    .send({ site_id: t.siteId, name: `Cluster ${randomUUID().slice(0, 6)}`, is_active: false })
    .expect(201);
  const target = { site_id: t.siteId, sector_id: sector.body.data.id as number };
  await ctx.http
    .post(api('/planner/keywords/bulk_create'))
    .set(as('owner'))
    .send({ ...target, keywords })
    .expect(201);
  const rows = (await ctx.services.knex('keywords').where({ sectorId: target.sector_id }).orderBy('id').select('id')) as { id: number }[];
  return { ...target, ids: rows.map((row) => row.id) };
}

async function waitForTask(taskId: string, role: keyof Tenant['users'] = 'editor') {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const response = await ctx.http
      .get(api(`/system/settings/task_progress/${taskId}`))
      .set(as(role))
      .expect(200);
    if (response.body.data.status === 'completed' || response.body.data.status === 'failed') return response.body.data;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('The task did not finish.');
}

it('answers 202 with a task id, runs on the queue and saves clusters named after their strongest keyword, for free', async () => {
  const target = await sectorWith([
    { keyword: 'running shoes', volume: 9000 },
    { keyword: 'best running shoes', volume: 4000 },
    { keyword: 'running shoe', volume: 300 },
    { keyword: 'apple pie recipe', volume: 5000 },
    { keyword: 'easy apple pie recipe', volume: 800 },
    { keyword: 'apple pie recipes', volume: 700 },
    { keyword: 'burr coffee grinder', volume: 1200 },
    { keyword: 'coffee grinder burr', volume: 100 },
    { keyword: 'quantum chromodynamics', volume: 10 },
  ]);
  const before = await ctx.services.knex('credit_wallets').where({ accountId: t.accountId }).first('planCredits', 'bonusCredits');
  const started = await ctx.http
    .post(api('/planner/keywords/auto_cluster'))
    .set(as('editor'))
    .send({ site_id: target.site_id, sector_id: target.sector_id, keyword_ids: target.ids })
    .expect(202);
  expect(started.body.data).toMatchObject({ status: 'queued', task_id: expect.stringMatching(/^[0-9a-f-]{36}$/) });
  expect(started.body.data.status_url).toContain(`/api/v1/system/settings/task_progress/${started.body.data.task_id}/`);

  const done = await waitForTask(started.body.data.task_id);
  expect(done).toMatchObject({
    function: 'auto_cluster',
    engine: 'local',
    status: 'completed',
    phase: 'DONE',
    progress: 100,
    error: null,
    credits: 0,
  });
  expect(done.result.cluster_ids).toHaveLength(3);
  expect(done.result.unclustered_keyword_ids).toEqual([target.ids[8]]);
  const clusters = await ctx.http
    .get(api('/planner/clusters'))
    .set(as('editor'))
    .query({ sector_id: target.sector_id, ordering: '-total_volume' })
    .expect(200);
  expect(clusters.body.results.map((cluster: { name: string; keywords_count: number }) => [cluster.name, cluster.keywords_count])).toEqual([
    ['running shoes', 3],
    ['apple pie recipe', 3],
    ['burr coffee grinder', 2],
  ]);
  expect(await ctx.services.knex('credit_wallets').where({ accountId: t.accountId }).first('planCredits', 'bonusCredits')).toEqual(before);

  // A second delivery of the same job saves nothing more.
  await performAiJob(
    ctx.services,
    { type: 'ai.run', accountId: t.accountId, taskId: started.body.data.task_id },
    { id: 'again', queue: 'ai', retriesLeft: 0, signal: new AbortController().signal },
  );
  expect(await ctx.services.knex('clusters').where({ sectorId: target.sector_id }).count({ n: '*' })).toEqual([{ n: 3 }]);
});

it('refuses fewer than 5 keywords before any work, and foreign keywords as missing', async () => {
  const target = await sectorWith(['a', 'b', 'c', 'd'].map((letter) => ({ keyword: `lonely ${letter}`, volume: 1 })));
  const tasksBefore = await ctx.services.knex('ai_tasks').where({ accountId: t.accountId }).count({ n: '*' });
  const few = await ctx.http
    .post(api('/planner/keywords/auto_cluster'))
    .set(as('owner'))
    .send({ site_id: target.site_id, sector_id: target.sector_id, keyword_ids: target.ids });
  expect({ status: few.status, code: few.body.error_code, error: few.body.error }).toEqual({
    status: 400,
    code: 'TOO_FEW_KEYWORDS',
    error: 'Clustering needs at least 5 keywords; 4 were given.',
  });
  expect(await ctx.services.knex('ai_tasks').where({ accountId: t.accountId }).count({ n: '*' })).toEqual(tasksBefore);
  const foreign = await createTenant(ctx, 'autocluster-foreign');
  const theirs = (await ctx.services.knex('keywords').insert({
    accountId: foreign.accountId,
    siteId: foreign.siteId,
    sectorId: foreign.sectorId,
    keyword: 'theirs',
    normalizedKeyword: 'theirs',
    status: 'active',
    source: 'manual',
    createdAt: new Date(),
    updatedAt: new Date(),
  })) as number[];
  const mixed = await ctx.http
    .post(api('/planner/keywords/auto_cluster'))
    .set(as('owner'))
    .send({ site_id: target.site_id, sector_id: target.sector_id, keyword_ids: [...target.ids, theirs[0]] });
  expect(mixed.status).toBe(404);
  const viewer = await ctx.http
    .post(api('/planner/keywords/auto_cluster'))
    .set(as('viewer'))
    .send({ site_id: target.site_id, sector_id: target.sector_id, keyword_ids: target.ids });
  expect(viewer.status).toBe(403);
});

it('another account’s task is not found', async () => {
  const target = await sectorWith(['one', 'two', 'three', 'four', 'five'].map((word) => ({ keyword: `pasta ${word}`, volume: 5 })));
  const started = await ctx.http
    .post(api('/planner/keywords/auto_cluster'))
    .set(as('owner'))
    .send({ site_id: target.site_id, sector_id: target.sector_id, keyword_ids: target.ids })
    .expect(202);
  const other = await createTenant(ctx, 'autocluster-other');
  const response = await ctx.http
    .get(api(`/system/settings/task_progress/${started.body.data.task_id}`))
    .set({ Authorization: `Bearer ${other.users.owner.token}` });
  expect(response.status).toBe(404);
  await waitForTask(started.body.data.task_id, 'owner');
});

it('streams progress as server-sent events until the task is done', async () => {
  const target = await sectorWith(['one', 'two', 'three', 'four', 'five', 'six'].map((word) => ({ keyword: `garden hose ${word}`, volume: 10 })));
  const started = await ctx.http
    .post(api('/planner/keywords/auto_cluster'))
    .set(as('editor'))
    .send({ site_id: target.site_id, sector_id: target.sector_id, keyword_ids: target.ids })
    .expect(202);
  const response = await ctx.http
    .get(api(`/system/settings/task_progress/${started.body.data.task_id}/stream`))
    .set(as('viewer'))
    .buffer(true)
    .parse((res, done) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      res.on('end', () => done(null, text));
    })
    .expect(200);
  expect(response.headers['content-type']).toMatch(/^text\/event-stream/);
  const events = (response.body as string)
    .split('\n\n')
    .filter((block) => block.startsWith('event:'))
    .map((block) => ({ event: /^event: (\w+)/.exec(block)![1], data: JSON.parse(/data: (.*)/.exec(block)![1]!) }));
  expect(events.at(-1)!.event).toBe('done');
  const progress = events.filter((event) => event.event === 'progress').map((event) => event.data);
  expect(progress.at(-1)).toMatchObject({ status: 'completed', progress: 100, phase: 'DONE' });
  expect(progress.map((state) => state.progress)).toEqual([...progress.map((state) => state.progress)].sort((left, right) => left - right));
});
