import { createTenant, type Tenant, type TestContext } from '../test/harness';
import { htmlSections } from '../writer';
import { newTask } from '../writer/test-support';
import type { FakeProviderServer } from './testing/fake-provider-server';
import { expectCreditsSettled, startAiTestApp, startRun, type TaskState, waitForTask } from './test-support';

/**
 * regenerate_section end to end: the route, the queue and the worker in this process, the scripted
 * OpenAI-compatible server through the real SDK, and the local engine. Only the one section changes,
 * the previous text is kept as a version, and a run is charged once, only when it succeeds.
 */
let ctx: TestContext;
let fake: FakeProviderServer;
let t: Tenant;
beforeAll(async () => {
  ({ ctx, fake, t } = await startAiTestApp('section'));
});
afterAll(async () => {
  await ctx.close();
  await fake.close();
});
beforeEach(() => fake.reset());
afterEach(() => expectCreditsSettled(ctx, t));

const ARTICLE = [
  '<p>Trail shoes are not road shoes.</p>',
  '<h2>Why fit matters</h2>',
  '<p>Old fit text.</p>',
  '<h2>Choosing the grip</h2>',
  '<p>Old grip text with a <a href="https://x.example/grip" target="_blank">guide</a>.</p>',
  '<ul><li>Lugs</li><li>Rubber</li></ul>',
  '<h2>When to replace them</h2>',
  '<p>Old replace text &amp; more.</p>',
].join('\n');

const auth = (tenant = t) => ({ Authorization: `Bearer ${tenant.users.owner.token}` });
const balance = async (tenant = t) => {
  const wallet = await ctx.services.knex('credit_wallets').where({ accountId: tenant.accountId }).first('planCredits', 'bonusCredits');
  return wallet.planCredits + wallet.bonusCredits;
};

async function newArticle(tenant = t, html = ARTICLE): Promise<{ id: number; html: string }> {
  const created = await ctx.http
    .post('/api/v1/writer/content/')
    .set(auth(tenant))
    .send({ task_id: await newTask(ctx, tenant), title: 'Choosing trail running shoes', html, primary_keyword: 'trail running shoes' })
    .expect(201);
  return { id: created.body.data.id, html: created.body.data.html };
}

const contentOf = async (id: number, tenant = t) => (await ctx.http.get(`/api/v1/writer/content/${id}/`).set(auth(tenant)).expect(200)).body.data;
const versionsOf = async (id: number, tenant = t) =>
  (await ctx.http.get(`/api/v1/writer/content/${id}/versions/`).set(auth(tenant)).expect(200)).body.results as { version: number; html: string }[];
const chargesOf = (taskId: string) =>
  ctx.services.knex('credit_transactions').where({ idempotencyKey: taskId }).select('type', 'operation', 'amount');

async function regenerate(contentId: number, body: object, tenant = t): Promise<TaskState> {
  const started = await startRun(ctx, tenant, `/writer/content/${contentId}/regenerate_section`, body);
  return waitForTask(ctx, tenant, started.task_id);
}

/** Every section but `changed`, and the introduction, exactly as they were. */
function expectOnlySectionChanged(before: string, after: string, changed: number): void {
  const old = htmlSections(before);
  const now = htmlSections(after);
  expect(now).toHaveLength(old.length);
  expect(after.slice(0, now[0]!.start)).toBe(before.slice(0, old[0]!.start));
  expect(now.filter((section) => section.index !== changed).map((section) => section.html)).toEqual(
    old.filter((section) => section.index !== changed).map((section) => section.html),
  );
  expect(now[changed]!.html).not.toBe(old[changed]!.html);
}

it('replaces exactly that section with the sanitised answer, keeps a version and charges once', async () => {
  const article = await newArticle();
  const before = await balance();
  fake.script('chat', [
    {
      content: {
        heading: 'Grip that holds on wet rock',
        html: '<p>New grip text.<script>alert(1)</script></p><h3>Lugs</h3><p onclick="x()">Deeper lugs bite into mud.</p>',
      },
    },
  ]);
  const started = await startRun(ctx, t, `/writer/content/${article.id}/regenerate_section`, { section: 1, instructions: 'Mention wet rock.' });
  expect(started).toMatchObject({ engine: 'openai', credits_held: 1 });
  const done = await waitForTask(ctx, t, started.task_id);
  expect(done).toMatchObject({
    status: 'completed',
    credits: 1,
    result: { content_id: article.id, section: 1, heading: 'Grip that holds on wet rock', version: 2, draft: false },
  });

  const content = await contentOf(article.id);
  expectOnlySectionChanged(article.html, content.html, 1);
  expect(htmlSections(content.html)[1]!.html).toBe(
    '<h2>Grip that holds on wet rock</h2>\n<p>New grip text.</p><h3>Lugs</h3><p>Deeper lugs bite into mud.</p>\n',
  );
  expect(content).toMatchObject({ version: 2, status: 'draft', word_count: expect.any(Number) });
  expect((await versionsOf(article.id)).map(({ version, html }) => ({ version, html }))).toEqual([{ version: 1, html: article.html }]);

  expect(await chargesOf(started.task_id)).toEqual([{ type: 'charge', operation: 'content_section', amount: -1 }]);
  expect(await balance()).toBe(before - 1);

  const request = fake.requestsTo('chat')[0]!.body as { model: string; response_format: unknown; messages: { content: string }[] };
  expect(request).toMatchObject({ model: 'gpt-4.1', response_format: { json_schema: { name: 'article_section' } } });
  const prompt = request.messages[1]!.content;
  expect(prompt).toContain('Rewrite section 2 of 3, headed "Choosing the grip"');
  expect(prompt).toContain('Old grip text with a');
  expect(prompt).toContain('Instructions from the editor: Mention wet rock.');
  expect(prompt).toContain('1. Why fit matters\n2. Choosing the grip\n3. When to replace them');
  expect(prompt).not.toContain('Old fit text');
});

it('sends an answer that brings its own H2 back once, then fails as BAD_OUTPUT: nothing saved, nothing charged', async () => {
  const article = await newArticle();
  const before = await balance();
  const ownHeading = { heading: 'When to replace them', html: '<h2>When to replace them</h2><p>Every 500 km.</p>' };
  fake.script('chat', [{ content: ownHeading }, { content: ownHeading }]);
  const failed = await regenerate(article.id, { section: 2 });
  expect(failed).toMatchObject({ status: 'failed', credits: 0, error: { code: 'BAD_OUTPUT' } });
  const repair = (fake.requestsTo('chat')[1]!.body.messages as { content: string }[]).at(-1)!.content;
  expect(repair).toContain('Put the heading only in "heading"');
  expect((await contentOf(article.id)).html).toBe(article.html);
  expect(await versionsOf(article.id)).toEqual([]);
  expect(await chargesOf(failed.task_id)).toEqual([]);
  expect(await balance()).toBe(before);

  // Repaired on the second answer: saved and charged once.
  fake.script('chat', [{ content: ownHeading }, { content: { heading: 'When to replace them', html: '<p>Every 500 to 800 km.</p>' } }]);
  const repaired = await regenerate(article.id, { section: 2 });
  expect(repaired).toMatchObject({ status: 'completed', credits: 1 });
  const content = await contentOf(article.id);
  expectOnlySectionChanged(article.html, content.html, 2);
  expect(htmlSections(content.html)[2]!.html).toBe('<h2>When to replace them</h2>\n<p>Every 500 to 800 km.</p>');
  expect(await chargesOf(repaired.task_id)).toHaveLength(1);
  expect(await balance()).toBe(before - 1);
});

it('refuses a section out of range with 400 SECTION_OUT_OF_RANGE before any task or hold exists', async () => {
  const article = await newArticle();
  const noHeadings = await newArticle(t, '<p>Only an introduction.</p>');
  const tasksBefore = await ctx.services.knex('ai_tasks').where({ accountId: t.accountId }).count({ n: '*' });
  const holdsBefore = await ctx.services.knex('credit_holds').where({ accountId: t.accountId }).count({ n: '*' });
  for (const [id, section, error, allowed] of [
    [article.id, 3, 'Section 3 does not exist: this content has 3 H2 sections, numbered 0 to 2.', '0 to 2'],
    [noHeadings.id, 0, 'This content has no H2 sections.', 'none: the content has no H2 sections'],
  ] as const) {
    const refused = await ctx.http.post(`/api/v1/writer/content/${id}/regenerate_section/`).set(auth()).send({ section, engine: 'openai' });
    expect({ status: refused.status, code: refused.body.error_code, error: refused.body.error, errors: refused.body.errors }).toEqual({
      status: 400,
      code: 'SECTION_OUT_OF_RANGE',
      error,
      errors: { section: [allowed] },
    });
  }
  const negative = await ctx.http.post(`/api/v1/writer/content/${article.id}/regenerate_section/`).set(auth()).send({ section: -1 });
  expect({ status: negative.status, code: negative.body.error_code }).toEqual({ status: 400, code: 'VALIDATION_ERROR' });
  const tooLong = await ctx.http
    .post(`/api/v1/writer/content/${article.id}/regenerate_section/`)
    .set(auth())
    .send({ section: 0, instructions: 'x'.repeat(501) });
  expect({ status: tooLong.status, fields: Object.keys(tooLong.body.errors ?? {}) }).toEqual({ status: 400, fields: ['instructions'] });
  expect(await ctx.services.knex('ai_tasks').where({ accountId: t.accountId }).count({ n: '*' })).toEqual(tasksBefore);
  expect(await ctx.services.knex('credit_holds').where({ accountId: t.accountId }).count({ n: '*' })).toEqual(holdsBefore);
  expect(fake.requests).toEqual([]);
});

it('leaves a section someone changed during the run as they left it, and charges nothing', async () => {
  const article = await newArticle();
  const before = await balance();
  fake.script('chat', [{ delayMs: 1500, content: { heading: 'Why fit matters', html: '<p>AI fit text.</p>' } }]);
  const started = await startRun(ctx, t, `/writer/content/${article.id}/regenerate_section`, { section: 0 });
  for (let tries = 0; tries < 200 && fake.requestsTo('chat').length === 0; tries += 1) await new Promise((resolve) => setTimeout(resolve, 25));
  expect(fake.requestsTo('chat')).toHaveLength(1);
  const edited = article.html.replace('Old fit text.', 'Fit text the editor wrote meanwhile.');
  await ctx.http.patch(`/api/v1/writer/content/${article.id}/`).set(auth()).send({ html: edited }).expect(200);
  const done = await waitForTask(ctx, t, started.task_id);
  expect(done).toMatchObject({ status: 'failed', credits: 0, error: { code: 'SECTION_CHANGED' } });
  expect((await contentOf(article.id)).html).toContain('Fit text the editor wrote meanwhile.');
  expect(await chargesOf(started.task_id)).toEqual([]);
  expect(await balance()).toBe(before);
});

it('on the local engine writes a labelled draft section for free, with no network call', async () => {
  const other = await createTenant(ctx, 'section-local');
  const article = await newArticle(other);
  const before = await balance(other);
  const started = await startRun(ctx, other, `/writer/content/${article.id}/regenerate_section`, { section: 1, instructions: 'Shorter, please.' });
  expect(started).toMatchObject({ engine: 'local', credits_held: 0 });
  const done = await waitForTask(ctx, other, started.task_id);
  expect(done).toMatchObject({ status: 'completed', credits: 0, result: { section: 1, heading: 'Choosing the grip', draft: true } });
  const content = await contentOf(article.id, other);
  expectOnlySectionChanged(article.html, content.html, 1);
  const section = htmlSections(content.html)[1]!;
  expect(section.heading).toBe('Choosing the grip');
  expect(section.body).toContain('<strong>Draft section from the local engine.</strong>');
  expect(section.body).toContain('Shorter, please.');
  expect(section.body).toContain('Old grip text with a guide.'); // the text it replaced, for the writer
  expect(await versionsOf(article.id, other)).toHaveLength(1);
  expect(await ctx.services.knex('credit_transactions').where({ accountId: other.accountId, type: 'charge' })).toEqual([]);
  expect(await balance(other)).toBe(before);
  expect(fake.requests).toEqual([]);
});
