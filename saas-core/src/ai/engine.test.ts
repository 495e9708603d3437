import { expectLedgerMatchesBalance, setCredits } from '../credits/test-support';
import { createTenant, type Tenant, type TestContext } from '../test/harness';
import type { FakeProviderServer } from './testing/fake-provider-server';
import { expectCreditsSettled, sectorWithKeywords, startAiTestApp, startRun, useTestProviders, waitForTask } from './test-support';

/**
 * The AI engine through its routes and the queue, in this process (bee-queue on Redis with MySQL,
 * the in-process runner on SQLite), against the scripted provider server reached through the real
 * SDK: the functions' outputs, the local engine, typed provider errors, retries and credits.
 */
let ctx: TestContext;
let fake: FakeProviderServer;
let t: Tenant;
beforeAll(async () => {
  ({ ctx, fake, t } = await startAiTestApp('engine'));
});
afterAll(async () => {
  await ctx.close();
  await fake.close();
});
beforeEach(() => fake.reset());
afterEach(() => expectCreditsSettled(ctx, t));

const auth = () => ({ Authorization: `Bearer ${t.users.owner.token}` });
const balance = async () => {
  const account = await ctx.services.knex('credit_wallets').where({ accountId: t.accountId }).first('planCredits', 'bonusCredits');
  return account.planCredits + account.bonusCredits;
};
const get = async (path: string, query: Record<string, string | number> = {}) =>
  (await ctx.http.get(`/api/v1${path}/`).set(auth()).query(query).expect(200)).body;

const KEYWORDS = [
  'trail running shoes',
  'best trail running shoes',
  'trail shoes for women',
  'waterproof trail shoes',
  'trail running socks',
  'merino running socks',
];

async function newCluster(keywords = KEYWORDS): Promise<number> {
  const target = await sectorWithKeywords(
    ctx,
    t,
    keywords.map((keyword, index) => ({ keyword, volume: 1000 - index * 10 })),
  );
  const cluster = await ctx.http
    .post('/api/v1/planner/clusters/')
    .set(auth())
    .send({ site_id: target.site_id, sector_id: target.sector_id, name: keywords[0], keyword_ids: target.keyword_ids })
    .expect(201);
  return cluster.body.data.id as number;
}

async function taskFromNewIdea(outline = [1, 2, 3, 4, 5, 6].map((n) => ({ heading: `Step ${n}: do thing ${n}`, points: [`why ${n}`] }))) {
  const cluster = await newCluster();
  const row = await ctx.services.knex('clusters').where({ id: cluster }).first('siteId', 'sectorId');
  const idea = await ctx.http
    .post('/api/v1/planner/ideas/')
    .set(auth())
    .send({
      site_id: row.siteId,
      sector_id: row.sectorId,
      cluster_id: cluster,
      title: 'How to choose trail running shoes',
      target_keywords: ['trail running shoes', 'trail shoes'],
      outline,
    })
    .expect(201);
  const tasks = await ctx.http
    .post('/api/v1/planner/ideas/create_tasks/')
    .set(auth())
    .send({ idea_ids: [idea.body.data.id] })
    .expect(201);
  return tasks.body.data.tasks[0].id as number;
}

describe('each function, on OpenAI', () => {
  it('auto_cluster: keywords become clusters; 1 credit per 30 keywords', async () => {
    const target = await sectorWithKeywords(
      ctx,
      t,
      KEYWORDS.map((keyword) => ({ keyword })),
    );
    const before = await balance();
    const started = await startRun(ctx, t, '/planner/keywords/auto_cluster', { ...target, engine: 'openai' });
    expect(started).toMatchObject({ engine: 'openai', credits_held: 1 });
    const done = await waitForTask(ctx, t, started.task_id);
    expect(done).toMatchObject({ status: 'completed', progress: 100, phase: 'DONE', credits: 1 });
    expect(done.result).toMatchObject({ clustered: 6, unclustered_keyword_ids: [] });
    const clusters = await get(`/planner/clusters`, { sector_id: target.sector_id, ordering: 'name' });
    expect(clusters.results.map((cluster: { name: string; keywords_count: number }) => [cluster.name, cluster.keywords_count])).toEqual([
      ['About trail running shoes', 3],
      ['About waterproof trail shoes', 3],
    ]);
    expect(await balance()).toBe(before - 1);
    expect(fake.requestsTo('chat')[0]!.body).toMatchObject({ model: 'gpt-4.1-mini', response_format: { json_schema: { name: 'keyword_clusters' } } });
  });

  it('generate_ideas: asked-for ideas with 6–10-section outlines; 1 credit per idea', async () => {
    const cluster = await newCluster();
    const before = await balance();
    const started = await startRun(ctx, t, '/planner/clusters/generate_ideas', { cluster_ids: [cluster], ideas_per_cluster: 4 });
    expect(started.credits_held).toBe(4);
    const done = await waitForTask(ctx, t, started.task_id);
    expect(done).toMatchObject({ status: 'completed', credits: 4 });
    const ideas = await get(`/planner/ideas`, { cluster_id: cluster });
    expect(ideas.count).toBe(4);
    for (const idea of ideas.results) expect(idea.outline.length).toBeGreaterThanOrEqual(6);
    expect(await balance()).toBe(before - 4);
    const prompt = (fake.requestsTo('chat')[0]!.body.messages as { role: string; content: string }[])[1]!.content;
    expect(prompt).toContain('Propose 4 distinct article ideas');
    expect(prompt).toContain('trail running shoes, best trail running shoes'); // strongest keywords first
  });

  it('generate_content: follows the outline section by section; 3 credits; a second run keeps the first as a version', async () => {
    const taskId = await taskFromNewIdea();
    const before = await balance();
    const done = await waitForTask(ctx, t, (await startRun(ctx, t, '/writer/tasks/generate_content', { task_ids: [taskId] })).task_id);
    expect(done).toMatchObject({ status: 'completed', credits: 3, result: { draft: false } });
    const contentId = (done.result!.contents as { content_id: number }[])[0]!.content_id;
    const content = (await get(`/writer/content/${contentId}`)).data;
    const headings = [...(content.html as string).matchAll(/<h2>(.*?)<\/h2>/g)].map((match) => match[1]);
    expect(headings).toEqual([1, 2, 3, 4, 5, 6].map((n) => `Step ${n}: do thing ${n}`));
    expect(content).toMatchObject({ status: 'draft', primary_keyword: 'trail running shoes', meta_title: 'How to choose trail running shoes' });
    expect((await get(`/writer/tasks/${taskId}`)).data.status).toBe('completed');
    const sent = (fake.requestsTo('chat')[0]!.body.messages as { content: string }[])[1]!.content;
    expect(sent).toContain('1. Step 1: do thing 1\n   - why 1');

    fake.script('chat', [
      {
        content: article(
          [1, 2, 3, 4, 5, 6].map((n) => `Step ${n}: do thing ${n}`),
          'second take',
        ),
      },
    ]);
    const again = await waitForTask(ctx, t, (await startRun(ctx, t, '/writer/tasks/generate_content', { task_ids: [taskId] })).task_id);
    expect(again.status).toBe('completed');
    expect((await get(`/writer/content/${contentId}/versions`)).count).toBe(1);
    expect(await balance()).toBe(before - 6);
  });

  it('generate_image_prompts and generate_images: pending images with alt text, then stored files served by URL', async () => {
    const taskId = await taskFromNewIdea();
    const written = await waitForTask(ctx, t, (await startRun(ctx, t, '/writer/tasks/generate_content', { task_ids: [taskId] })).task_id);
    const contentId = (written.result!.contents as { content_id: number }[])[0]!.content_id;
    const before = await balance();
    const prompted = await waitForTask(
      ctx,
      t,
      (await startRun(ctx, t, '/writer/content/generate_image_prompts', { content_ids: [contentId], in_article_count: 2 })).task_id,
    );
    expect(prompted).toMatchObject({ status: 'completed', credits: 0 });
    const images = (await get(`/writer/images`, { content_id: contentId, ordering: 'position' })).results as {
      id: number;
      type: string;
      position: number;
      status: string;
      alt_text: string;
    }[];
    expect(images.map((image) => [image.type, image.status])).toEqual([
      ['featured', 'pending'],
      ['in_article', 'pending'],
      ['in_article', 'pending'],
    ]);
    expect(images.map((image) => image.position)).toEqual([0, 1, 2]); // under the first two headings, in order
    expect(images.every((image) => image.alt_text.length > 0)).toBe(true);

    const drawn = await startRun(ctx, t, '/writer/images/generate_images', { image_ids: images.map((image) => image.id) });
    expect(drawn).toMatchObject({ engine: 'openai', credits_held: 3 });
    expect(await waitForTask(ctx, t, drawn.task_id)).toMatchObject({ status: 'completed', credits: 3 });
    const generated = (await get(`/writer/images`, { content_id: contentId })).results as { status: string; url: string; provider: string }[];
    expect(generated.map((image) => [image.status, image.provider])).toEqual(Array(3).fill(['generated', 'openai']));
    const file = await ctx.http.get(new URL(generated[0]!.url).pathname).expect(200);
    expect(file.headers['content-type']).toBe('image/png');

    // Again on Runware: the file is replaced and the old one removed.
    const redrawn = await startRun(ctx, t, '/writer/images/generate_images', { image_ids: [images[0]!.id], engine: 'runware' });
    expect(await waitForTask(ctx, t, redrawn.task_id)).toMatchObject({ status: 'completed', credits: 1 });
    const replaced = (await get(`/writer/images/${images[0]!.id}`)).data;
    expect(replaced).toMatchObject({ provider: 'runware', status: 'generated' });
    expect(replaced.url).not.toBe(generated[0]!.url);
    await ctx.http.get(new URL(generated[0]!.url).pathname).expect(404);
    expect(fake.requestsTo('runware')).toHaveLength(1);
    expect(await balance()).toBe(before - 4);
  });
});

describe('the local engine', () => {
  it('writes labelled drafts for free, and refuses images', async () => {
    const other = await createTenant(ctx, 'engine-local');
    const as = { Authorization: `Bearer ${other.users.editor.token}` };
    const target = await sectorWithKeywords(
      ctx,
      other,
      KEYWORDS.map((keyword, index) => ({ keyword, volume: 100 - index })),
    );
    const start = async (path: string, body: object) => {
      const response = await ctx.http.post(`/api/v1${path}/`).set(as).send(body).expect(202);
      expect(response.body.data).toMatchObject({ engine: 'local', credits_held: 0 });
      return waitForTask(ctx, other, response.body.data.task_id);
    };
    const clustered = await start('/planner/keywords/auto_cluster', target);
    const clusterId = (clustered.result!.cluster_ids as number[])[0]!;
    expect((await start('/planner/clusters/generate_ideas', { cluster_ids: [clusterId], ideas_per_cluster: 3 })).status).toBe('completed');
    const ideas = await ctx.http.get('/api/v1/planner/ideas/').set(as).query({ cluster_id: clusterId }).expect(200);
    expect(ideas.body.count).toBe(3);
    expect(ideas.body.results.every((idea: { description: string }) => idea.description.startsWith('Draft idea (local engine)'))).toBe(true);
    const tasks = await ctx.http
      .post('/api/v1/planner/ideas/create_tasks/')
      .set(as)
      .send({ idea_ids: [ideas.body.results[0].id] })
      .expect(201);
    const written = await start('/writer/tasks/generate_content', { task_ids: [tasks.body.data.tasks[0].id] });
    expect(written).toMatchObject({ status: 'completed', credits: 0, result: { draft: true } });
    const content = await ctx.http
      .get(`/api/v1/writer/content/${(written.result!.contents as { content_id: number }[])[0]!.content_id}/`)
      .set(as)
      .expect(200);
    expect(content.body.data.html).toContain('Draft brief from the local engine');
    expect([...(content.body.data.html as string).matchAll(/<h2>/g)]).toHaveLength(ideas.body.results[0].outline.length);
    expect((await start('/writer/content/generate_image_prompts', { content_ids: [content.body.data.id] })).status).toBe('completed');

    const images = await ctx.http.get('/api/v1/writer/images/').set(as).query({ content_id: content.body.data.id }).expect(200);
    const refused = await ctx.http
      .post('/api/v1/writer/images/generate_images/')
      .set(as)
      .send({ image_ids: [images.body.results[0].id] });
    expect({ status: refused.status, code: refused.body.error_code }).toEqual({ status: 400, code: 'PROVIDER_NOT_CONFIGURED' });
    const openai = await ctx.http
      .post('/api/v1/planner/keywords/auto_cluster/')
      .set(as)
      .send({ ...target, engine: 'openai' });
    expect({ status: openai.status, code: openai.body.error_code }).toEqual({ status: 400, code: 'PROVIDER_NOT_CONFIGURED' });
    expect(await ctx.services.knex('credit_transactions').where({ accountId: other.accountId, type: 'charge' })).toEqual([]);
    expect(fake.requests).toEqual([]);
  });
});

describe('prompts', () => {
  it('uses a run’s own prompt, and refuses one with an unknown placeholder before anything starts', async () => {
    const cluster = await newCluster();
    const bad = await ctx.http
      .post('/api/v1/planner/clusters/generate_ideas/')
      .set(auth())
      .send({ cluster_ids: [cluster], prompt: 'Ideas for {clustr}' });
    expect({ status: bad.status, code: bad.body.error_code }).toEqual({ status: 400, code: 'UNKNOWN_PLACEHOLDER' });
    fake.script('chat', [{ content: { ideas: [1, 2, 3].map((n) => idea(n)) } }]);
    const started = await startRun(ctx, t, '/planner/clusters/generate_ideas', {
      cluster_ids: [cluster],
      ideas_per_cluster: 3,
      prompt: 'Only {count} ideas about {cluster}, please.',
    });
    expect((await waitForTask(ctx, t, started.task_id)).status).toBe('completed');
    expect((fake.requestsTo('chat')[0]!.body.messages as { content: string }[])[1]!.content).toBe('Only 3 ideas about trail running shoes, please.');
  });
});

function article(headings: string[], take: string) {
  return {
    title: `How to choose trail running shoes (${take})`,
    meta_title: 'How to choose trail running shoes',
    meta_description: 'A guide to choosing trail running shoes that fit your runs.',
    introduction_html: `<p>The ${take}.</p>`,
    sections: headings.map((heading) => ({ heading, html: `<p>${heading}: the ${take}.</p>` })),
  };
}

function idea(n: number) {
  return {
    title: `Scripted idea ${n}`,
    description: 'Scripted.',
    content_type: 'post',
    content_structure: 'guide',
    target_keywords: ['trail running shoes'],
    estimated_word_count: 1200,
    outline: [1, 2, 3, 4, 5, 6].map((s) => ({ heading: `Part ${s}`, points: ['a point'] })),
  };
}

describe('when the provider fails', () => {
  /** Starts generate_ideas on a fresh cluster and waits for the outcome. */
  async function ideasRun(): Promise<{ state: Awaited<ReturnType<typeof waitForTask>>; clusterId: number; before: number }> {
    const clusterId = await newCluster();
    const before = await balance();
    const started = await startRun(ctx, t, '/planner/clusters/generate_ideas', { cluster_ids: [clusterId], ideas_per_cluster: 3 });
    return { state: await waitForTask(ctx, t, started.task_id), clusterId, before };
  }
  const ideasOf = async (clusterId: number) => Number((await ctx.services.knex('content_ideas').where({ clusterId }).count({ n: '*' }))[0]!.n);

  it('repairs a schema-breaking answer once, then fails as BAD_OUTPUT: nothing charged, the spent tokens logged', async () => {
    fake.script('chat', [{ content: { ideas: [] } }, { content: { ideas: [idea(1)] }, usage: { prompt_tokens: 900, completion_tokens: 300 } }]);
    const { state, clusterId, before } = await ideasRun();
    expect(state).toMatchObject({
      status: 'failed',
      credits: 0,
      error: { code: 'BAD_OUTPUT', message: expect.stringMatching(/could not use, even after asking it to correct itself/) },
    });
    expect(await ideasOf(clusterId)).toBe(0);
    expect(await balance()).toBe(before);
    const usage = await ctx.services.knex('credit_usage_logs').where({ taskKey: state.task_id }).first();
    expect(usage).toMatchObject({ credits: 0, tokensIn: 1000, tokensOut: 350, transactionId: null, model: 'gpt-4.1-mini' });
    expect(Number(usage.costUsd)).toBeCloseTo((0.4 * 1000 + 1.6 * 350) / 1e6, 9);
    const logs = (await get(`/system/settings/task_progress/${state.task_id}/logs`)).data;
    expect(logs).toEqual([expect.objectContaining({ status: 'failed', error_code: 'BAD_OUTPUT', ai_calls: 2, tokens_in: 1000, credits: 0 })]);
  });

  it('a repaired answer succeeds and is charged once', async () => {
    fake.script('chat', [{ raw: '{"ideas": [' }]);
    const malformed = await ideasRun();
    expect(malformed.state.error?.code).toBe('BAD_OUTPUT'); // malformed JSON from the server itself

    fake.script('chat', [{ content: 'Here are some ideas: none' }, { content: { ideas: [1, 2, 3].map(idea) } }]);
    const { state, clusterId, before } = await ideasRun();
    expect(state).toMatchObject({ status: 'completed', credits: 3 });
    expect(await ideasOf(clusterId)).toBe(3);
    expect(await balance()).toBe(before - 3);
    const repair = (fake.requestsTo('chat').at(-1)!.body.messages as { content: string }[]).at(-1)!.content;
    expect(repair).toMatch(/does not match the required JSON schema: not JSON/);
  });

  it('an article that leaves the outline is sent back to follow it', async () => {
    const taskId = await taskFromNewIdea();
    const off = {
      title: 'How to choose',
      meta_title: 'How to choose',
      meta_description: 'A guide to choosing trail running shoes well.',
      introduction_html: '<p>Hi</p>',
    };
    fake.script('chat', [{ content: { ...off, sections: [{ heading: 'Something else', html: '<p>x</p>' }] } }]);
    const done = await waitForTask(ctx, t, (await startRun(ctx, t, '/writer/tasks/generate_content', { task_ids: [taskId] })).task_id);
    expect(done.status).toBe('completed');
    const repair = (fake.requestsTo('chat')[1]!.body.messages as { content: string }[]).at(-1)!.content;
    expect(repair).toContain('The outline has 6 sections and the answer has 1');
  });

  it('honours 429 + Retry-After and succeeds; an exhausted quota fails at once with its own code', async () => {
    fake.script('chat', [{ status: 429, headers: { 'retry-after': '1' }, error: { message: 'Rate limit reached', code: 'rate_limit_exceeded' } }]);
    const started = Date.now();
    const limited = await ideasRun();
    expect(limited.state.status).toBe('completed');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);

    fake.reset();
    // The SDK retries any 429 twice itself; the queue does not try an exhausted quota again.
    const exhausted = { status: 429, error: { message: 'You exceeded your current quota', code: 'insufficient_quota', type: 'insufficient_quota' } };
    fake.script('chat', [exhausted, exhausted, exhausted]);
    const quota = await ideasRun();
    expect(quota.state).toMatchObject({ status: 'failed', attempts: 1, error: { code: 'QUOTA_EXCEEDED' } });
    expect(fake.requestsTo('chat')).toHaveLength(3);
    expect(await balance()).toBe(quota.before);
  });

  it('a provider that stays down is retried by the queue, and the run completes when it is back', async () => {
    // The SDK tries three times per run; the first run meets only 500s, the second gets through.
    fake.script(
      'chat',
      [500, 500, 500].map((status) => ({ status, error: { message: 'upstream down' } })),
    );
    const { state, clusterId } = await ideasRun();
    expect(state).toMatchObject({ status: 'completed', attempts: 2, credits: 3 });
    expect(await ideasOf(clusterId)).toBe(3);
    const logs = (await get(`/system/settings/task_progress/${state.task_id}/logs`)).data;
    expect(logs.map((log: { status: string; error_code: string | null }) => [log.status, log.error_code])).toEqual([
      ['retrying', 'PROVIDER_UNAVAILABLE'],
      ['completed', null],
    ]);
  });

  it('a call hanging past the timeout is abandoned and tried again', async () => {
    const other = await createTenant(ctx, 'engine-timeout');
    await useTestProviders(ctx, other, fake, 1000);
    const target = await sectorWithKeywords(
      ctx,
      other,
      KEYWORDS.map((keyword) => ({ keyword })),
    );
    fake.script('chat', [{ hang: true }]);
    const started = Date.now();
    const run = await startRun(ctx, other, '/planner/keywords/auto_cluster', { ...target, engine: 'openai' });
    expect(await waitForTask(ctx, other, run.task_id)).toMatchObject({ status: 'completed', credits: 1 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(fake.requestsTo('chat')).toHaveLength(2);
    await expectLedgerMatchesBalance(ctx.services.knex, other.accountId);
  });

  it('moderation and context limits fail with their own codes and plain words', async () => {
    fake.script('chat', [{ content: { ideas: [] }, finishReason: 'content_filter' }]);
    expect((await ideasRun()).state.error).toEqual({
      code: 'MODERATION_BLOCKED',
      message: 'The AI service declined this request under its content policy.',
    });
    fake.script('chat', [{ status: 400, error: { message: "This model's maximum context length is 8192 tokens", code: 'context_length_exceeded' } }]);
    expect((await ideasRun()).state.error?.code).toBe('CONTEXT_TOO_LONG');
  });
});

describe('credits', () => {
  it('refuses a run the account cannot pay with 402 before anything is queued', async () => {
    const poor = await createTenant(ctx, 'engine-poor');
    await useTestProviders(ctx, poor, fake);
    await setCredits(ctx, poor, 2);
    const tasksBefore = await ctx.services.knex('ai_tasks').where({ accountId: poor.accountId }).count({ n: '*' });
    const taskId = (
      await ctx.http
        .post('/api/v1/writer/tasks/')
        .set({ Authorization: `Bearer ${poor.users.owner.token}` })
        .send({ site_id: poor.siteId, sector_id: poor.sectorId, title: 'Costly' })
        .expect(201)
    ).body.data.id;
    const refused = await ctx.http
      .post('/api/v1/writer/tasks/generate_content/')
      .set({ Authorization: `Bearer ${poor.users.owner.token}` })
      .send({ task_ids: [taskId] });
    expect({ status: refused.status, code: refused.body.error_code, error: refused.body.error }).toEqual({
      status: 402,
      code: 'INSUFFICIENT_CREDITS',
      error: 'This needs 3 credits and the account has 2.',
    });
    expect(await ctx.services.knex('ai_tasks').where({ accountId: poor.accountId }).count({ n: '*' })).toEqual(tasksBefore);
    // The free local engine still works.
    expect((await startRun(ctx, poor, '/writer/tasks/generate_content', { task_ids: [taskId], engine: 'local' })).credits_held).toBe(0);
  });
});
