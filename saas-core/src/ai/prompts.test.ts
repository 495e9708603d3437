import { accountScope } from '../platform/tenancy/scope';
import { createTenant, type Tenant, type TestContext, startTestApp } from '../test/harness';
import { resolvePrompt } from './commands';
import { AI_FUNCTIONS, DEFAULT_PROMPTS, renderPrompt, unknownPlaceholders } from './prompts';

let ctx: TestContext;
let t: Tenant;
beforeAll(async () => {
  ctx = await startTestApp();
  t = await createTenant(ctx, 'prompts');
});
afterAll(async () => ctx.close());

const api = (path: string) => `/api/v1${path}/`;
const as = (role: keyof Tenant['users']) => ({ Authorization: `Bearer ${t.users[role].token}` });

it('the built-in prompts use only the placeholders their function offers', () => {
  for (const fn of AI_FUNCTIONS) expect({ fn, unknown: unknownPlaceholders(fn, DEFAULT_PROMPTS[fn]) }).toEqual({ fn, unknown: [] });
  expect(DEFAULT_PROMPTS.generate_content).toContain('{outline}'); // the original system dropped the outline before writing
  expect(renderPrompt('Write {title} in {language}{missing}.', { title: 'Shoes', language: 'en' })).toBe('Write Shoes in en.');
});

it('resolves task override → account prompt → built-in default, and resets to the default', async () => {
  const scope = accountScope(t.accountId);
  const { knex } = ctx.services;
  expect(await resolvePrompt(knex, scope, t.accountId, 'generate_ideas')).toEqual({ template: DEFAULT_PROMPTS.generate_ideas, source: 'default' });
  const own = 'Suggest ideas for {cluster} using {keywords}, tone {tone}, in {language}.';
  const saved = await ctx.http.put(api('/system/prompts/generate_ideas')).set(as('admin')).send({ template: own }).expect(200);
  expect(saved.body.data).toMatchObject({
    function: 'generate_ideas',
    template: own,
    is_custom: true,
    default_template: DEFAULT_PROMPTS.generate_ideas,
  });
  expect(await resolvePrompt(knex, scope, t.accountId, 'generate_ideas')).toEqual({ template: own, source: 'account' });
  expect(await resolvePrompt(knex, scope, t.accountId, 'generate_ideas', 'Only this task: {cluster}')).toEqual({
    template: 'Only this task: {cluster}',
    source: 'task',
  });
  const listed = await ctx.http.get(api('/system/prompts')).set(as('editor')).expect(200);
  expect(listed.body.data.map((prompt: { function: string; is_custom: boolean }) => [prompt.function, prompt.is_custom])).toEqual(
    AI_FUNCTIONS.map((fn) => [fn, fn === 'generate_ideas']),
  );
  const reset = await ctx.http.post(api('/system/prompts/generate_ideas/reset_to_default')).set(as('owner')).expect(200);
  expect(reset.body.data).toMatchObject({ template: DEFAULT_PROMPTS.generate_ideas, is_custom: false });
  expect((await resolvePrompt(knex, scope, t.accountId, 'generate_ideas')).source).toBe('default');
  const other = await createTenant(ctx, 'prompts-other');
  expect((await resolvePrompt(knex, accountScope(other.accountId), other.accountId, 'generate_ideas')).source).toBe('default');
});

it('refuses unknown placeholders and non-admins', async () => {
  const typo = await ctx.http
    .put(api('/system/prompts/generate_content'))
    .set(as('owner'))
    .send({ template: 'Write {title} following {outlin} in {language}.' });
  expect({ status: typo.status, code: typo.body.error_code, error: typo.body.error }).toEqual({
    status: 400,
    code: 'UNKNOWN_PLACEHOLDER',
    error: 'Unknown placeholder {outlin}.',
  });
  expect(
    (await ctx.http.put(api('/system/prompts/generate_content')).set(as('editor')).send({ template: 'Write {title} in {language} please.' })).status,
  ).toBe(403);
});

it('keeps one default author profile per account, and strategies per account', async () => {
  const create = (name: string, isDefault: boolean) =>
    ctx.http.post(api('/system/author-profiles')).set(as('owner')).send({ name, tone: 'warm', language: 'en', is_default: isDefault }).expect(201);
  const first = await create('First voice', true);
  const second = await create('Second voice', true);
  const list = await ctx.http.get(api('/system/author-profiles')).set(as('viewer')).expect(200);
  expect(list.body.results.map((profile: { name: string; is_default: boolean }) => [profile.name, profile.is_default])).toEqual([
    ['First voice', false],
    ['Second voice', true],
  ]);
  await ctx.http
    .patch(api(`/system/author-profiles/${first.body.data.id}`))
    .set(as('admin'))
    .send({ is_default: true })
    .expect(200);
  const again = await ctx.http
    .get(api(`/system/author-profiles/${second.body.data.id}`))
    .set(as('editor'))
    .expect(200);
  expect(again.body.data.is_default).toBe(false);

  const strategy = await ctx.http
    .post(api('/system/strategies'))
    .set(as('owner'))
    .send({ name: 'Answer first', audience: 'busy runners', guidance: 'Put the answer in the first paragraph; cite sources.' })
    .expect(201);
  expect(strategy.body.data).toMatchObject({ name: 'Answer first', is_active: true, audience: 'busy runners' });
  const bad = await ctx.http.post(api('/system/strategies')).set(as('owner')).send({ name: 'No guidance' });
  expect(bad.status).toBe(400);
  expect(Object.keys(bad.body.errors)).toEqual(['guidance']);
});
