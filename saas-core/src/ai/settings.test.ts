import { createTenant, type Tenant, type TestContext, startTestApp } from '../test/harness';
import { decryptSecret } from '../platform/crypto';
import { FakeProviderServer } from './testing/fake-provider-server';

let ctx: TestContext;
let fake: FakeProviderServer;
let t: Tenant;
beforeAll(async () => {
  ctx = await startTestApp();
  fake = await FakeProviderServer.start();
  t = await createTenant(ctx, 'ai-settings');
});
afterAll(async () => {
  await fake.close();
  await ctx.close();
});

const api = (path: string) => `/api/v1${path}/`;
const owner = () => ({ Authorization: `Bearer ${t.users.owner.token}` });
const KEY = 'sk-live-4f9a8b7c6d5e4f3a2b1c';

it('keeps the key sealed, shows only a hint, and tests the connection through the real SDK', async () => {
  const defaults = await ctx.http.get(api('/system/settings/integrations/openai')).set(owner()).expect(200);
  expect(defaults.body.data).toMatchObject({
    enabled: false,
    has_api_key: false,
    api_key_hint: null,
    config: { base_url: 'https://api.openai.com/v1' },
  });

  const saved = await ctx.http
    .put(api('/system/settings/integrations/openai'))
    .set(owner())
    .send({ api_key: KEY, config: { base_url: fake.openAiBaseUrl, models: { generate_content: 'gpt-test' } } })
    .expect(200);
  expect(saved.body.data).toMatchObject({
    enabled: true,
    has_api_key: true,
    api_key_hint: '…2b1c',
    config: { models: { generate_content: 'gpt-test' } },
  });
  expect(saved.text).not.toContain(KEY);
  const row = await ctx.services.knex('integration_settings').where({ accountId: t.accountId, provider: 'openai' }).first();
  expect(JSON.stringify(row)).not.toContain(KEY);
  expect(decryptSecret(row.secretSealed, ctx.services.config.secretsKey)).toBe(KEY);

  const tested = await ctx.http.post(api('/system/settings/integrations/openai/test_connection')).set(owner()).expect(200);
  expect(tested.body.data).toEqual({ ok: true, message: 'Connected; 1 models available.' });
  expect(fake.requestsTo('models').at(-1)!.headers.authorization).toBe(`Bearer ${KEY}`);

  fake.script('models', [{ status: 401, error: { message: 'Incorrect API key provided', code: 'invalid_api_key' } }]);
  const refused = await ctx.http.post(api('/system/settings/integrations/openai/test_connection')).set(owner()).expect(200);
  expect(refused.body.data.ok).toBe(false);
  expect(refused.body.data.message).toMatch(/API key was refused/);
  const after = await ctx.http.get(api('/system/settings/integrations/openai')).set(owner()).expect(200);
  expect(after.body.data.last_test).toMatchObject({ ok: false, error: expect.stringMatching(/refused/) });

  // Saving other fields keeps the key; null removes it.
  await ctx.http.put(api('/system/settings/integrations/openai')).set(owner()).send({ enabled: false }).expect(200);
  const kept = await ctx.http.get(api('/system/settings/integrations/openai')).set(owner()).expect(200);
  expect(kept.body.data).toMatchObject({ enabled: false, has_api_key: true });
  await ctx.http.put(api('/system/settings/integrations/openai')).set(owner()).send({ api_key: null }).expect(200);
  const missing = await ctx.http.post(api('/system/settings/integrations/openai/test_connection')).set(owner()).expect(200);
  expect(missing.body.data).toEqual({ ok: false, message: 'Save an API key for openai first.' });
});

it('tests image generation through the provider it names (Runware here)', async () => {
  await ctx.http
    .put(api('/system/settings/integrations/runware'))
    .set(owner())
    .send({ api_key: 'rw-key-12345678', config: { base_url: `${fake.origin}/runware` } })
    .expect(200);
  await ctx.http
    .put(api('/system/settings/integrations/image_generation'))
    .set(owner())
    .send({ config: { provider: 'runware', model: 'runware:100@1' } })
    .expect(200);
  const tested = await ctx.http.post(api('/system/settings/integrations/image_generation/test_connection')).set(owner()).expect(200);
  expect(tested.body.data).toEqual({ ok: true, message: 'Connected to Runware.' });
  expect(fake.requestsTo('runware').at(-1)!.body).toEqual([{ taskType: 'authentication', apiKey: 'rw-key-12345678' }]);
});

it('refuses bad settings with field errors, and anyone below admin', async () => {
  const bad = await ctx.http
    .put(api('/system/settings/integrations/openai'))
    .set(owner())
    .send({ config: { base_url: 'ftp://example.com', timeout_ms: 5 } });
  expect(bad.status).toBe(400);
  expect(Object.keys(bad.body.errors).sort()).toEqual(['config.base_url', 'config.timeout_ms']);
  for (const role of ['editor', 'viewer'] as const) {
    const response = await ctx.http.get(api('/system/settings/integrations/openai')).set({ Authorization: `Bearer ${t.users[role].token}` });
    expect(response.status).toBe(403);
  }
  const other = await createTenant(ctx, 'ai-other');
  const theirs = await ctx.http
    .get(api('/system/settings/integrations/runware'))
    .set({ Authorization: `Bearer ${other.users.owner.token}` })
    .expect(200);
  expect(theirs.body.data.has_api_key).toBe(false);
});
