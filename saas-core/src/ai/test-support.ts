import { randomUUID } from 'node:crypto';
import { newCluster } from '../planner/test-support';
import { expectLedgerMatchesBalance, heldCreditsOf } from '../credits/test-support';
import type { Fixture, TenantObjects } from '../test/fixture-types';
import { createTenant, startTestApp, type Tenant, type TestContext } from '../test/harness';
import { FakeProviderServer } from './testing/fake-provider-server';
import { newContent, newTask } from '../writer/test-support';

async function post(ctx: TestContext, t: Tenant, path: string, body: object): Promise<number> {
  const response = await ctx.http.post(`/api/v1${path}/`).set('Authorization', `Bearer ${t.users.owner.token}`).send(body);
  if (response.status >= 300) throw new Error(`${path}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.data.id as number;
}

/** A new author profile of the tenant's account, made by its owner. */
export const newProfile = (ctx: TestContext, t: Tenant) =>
  post(ctx, t, '/system/author-profiles', { name: `Walk voice ${randomUUID().slice(0, 6)}`, tone: 'friendly expert', language: 'en' });
const newStrategy = (ctx: TestContext, t: Tenant) =>
  post(ctx, t, '/system/strategies', { name: `Walk strategy ${randomUUID().slice(0, 6)}`, guidance: 'Answer the question in the first paragraph.' });

/** One author profile and one strategy for a tenant. */
export async function createAiObjects(ctx: TestContext, t: Tenant): Promise<TenantObjects> {
  return { author_profile: await newProfile(ctx, t), strategy: await newStrategy(ctx, t) };
}

const TEMPLATE = 'Group these keywords for {sector} into clusters, in {language}:\n{keywords}';

/** Five keywords of one topic in the tenant's first sector, to cluster. */
async function clusterableKeywords(ctx: TestContext, t: Tenant): Promise<number[]> {
  const label = randomUUID().slice(0, 6);
  const keywords = ['trail shoes', 'best trail shoes', 'trail shoes for women', 'cheap trail shoes', 'trail shoe'].map((keyword) => ({
    keyword: `${keyword} ${label}`,
  }));
  await ctx.http
    .post('/api/v1/planner/keywords/bulk_create/')
    .set('Authorization', `Bearer ${t.users.owner.token}`)
    .send({ site_id: t.siteId, sector_id: t.sectorId, keywords })
    .expect(201);
  const rows = (await ctx.services.knex('keywords').where('keyword', 'like', `%${label}`).select('id')) as { id: number }[];
  return rows.map((row) => row.id);
}

async function startClusterTask(ctx: TestContext, t: Tenant): Promise<string> {
  const started = await ctx.http
    .post('/api/v1/planner/keywords/auto_cluster/')
    .set('Authorization', `Bearer ${t.users.owner.token}`)
    .send({ site_id: t.siteId, sector_id: t.sectorId, keyword_ids: await clusterableKeywords(ctx, t) })
    .expect(202);
  return started.body.data.task_id as string;
}

/** An image with a prompt, and an image provider configured for the tenant (its endpoint is never called: no worker runs). */
async function promptedImage(ctx: TestContext, t: Tenant): Promise<number> {
  const auth = { Authorization: `Bearer ${t.users.owner.token}` };
  await ctx.http
    .put('/api/v1/system/settings/integrations/runware/')
    .set(auth)
    .send({ api_key: 'rw-walk-0000000000', config: { base_url: 'http://127.0.0.1:9/v1' } })
    .expect(200);
  const image = await ctx.http
    .post('/api/v1/writer/images/')
    .set(auth)
    .send({ content_id: await newContent(ctx, t), type: 'featured', prompt: 'A red trail running shoe on a rocky path at dawn' })
    .expect(201);
  return image.body.data.id as number;
}

/** Valid calls of the AI routes, for the route walk and the cross-tenant test. */
export const aiValidCalls: Record<string, Fixture> = {
  getIntegrationSetting: () => ({ path: '/system/settings/integrations/openai' }),
  saveIntegrationSetting: () => ({
    path: '/system/settings/integrations/openai',
    body: { api_key: 'sk-walk-0000000000', config: { base_url: 'http://127.0.0.1:9/v1' } },
  }),
  testIntegrationConnection: () => ({ path: '/system/settings/integrations/runware/test_connection' }),
  listPrompts: () => ({ path: '/system/prompts' }),
  getPrompt: () => ({ path: '/system/prompts/generate_content' }),
  savePrompt: () => ({ path: '/system/prompts/auto_cluster', body: { template: TEMPLATE } }),
  resetPromptToDefault: () => ({ path: '/system/prompts/auto_cluster/reset_to_default' }),
  listAuthorProfiles: () => ({ path: '/system/author-profiles', query: { ordering: '-created_at' } }),
  createAuthorProfile: () => ({ path: '/system/author-profiles', body: { name: 'Walk voice', tone: 'plain', language: 'en-GB' } }),
  getAuthorProfile: async (ctx, t) => ({ path: `/system/author-profiles/${await newProfile(ctx, t)}` }),
  updateAuthorProfile: async (ctx, t) => ({ path: `/system/author-profiles/${await newProfile(ctx, t)}`, body: { is_default: true } }),
  deleteAuthorProfile: async (ctx, t) => ({ path: `/system/author-profiles/${await newProfile(ctx, t)}` }),
  listStrategies: () => ({ path: '/system/strategies', query: { search: 'walk' } }),
  createStrategy: () => ({ path: '/system/strategies', body: { name: 'Walk strategy', guidance: 'Lead with the answer.' } }),
  getStrategy: async (ctx, t) => ({ path: `/system/strategies/${await newStrategy(ctx, t)}` }),
  updateStrategy: async (ctx, t) => ({ path: `/system/strategies/${await newStrategy(ctx, t)}`, body: { is_active: false } }),
  deleteStrategy: async (ctx, t) => ({ path: `/system/strategies/${await newStrategy(ctx, t)}` }),
  autoClusterKeywords: async (ctx, t) => ({
    path: '/planner/keywords/auto_cluster',
    body: { site_id: t.siteId, sector_id: t.sectorId, keyword_ids: await clusterableKeywords(ctx, t) },
  }),
  generateIdeas: async (ctx, t) => ({
    path: '/planner/clusters/generate_ideas',
    body: {
      cluster_ids: [await newCluster(ctx, t)],
      ideas_per_cluster: 3,
      author_profile_id: await newProfile(ctx, t),
      strategy_id: await newStrategy(ctx, t),
    },
  }),
  generateContent: async (ctx, t) => ({
    path: '/writer/tasks/generate_content',
    body: { task_ids: [await newTask(ctx, t)], author_profile_id: await newProfile(ctx, t), strategy_id: await newStrategy(ctx, t) },
  }),
  regenerateContentSection: async (ctx, t) => ({
    path: `/writer/content/${await newContent(ctx, t)}/regenerate_section`,
    body: { section: 0, instructions: 'Shorter, please.' },
  }),
  generateImagePrompts: async (ctx, t) => ({ path: '/writer/content/generate_image_prompts', body: { content_ids: [await newContent(ctx, t)] } }),
  generateImages: async (ctx, t) => ({ path: '/writer/images/generate_images', body: { image_ids: [await promptedImage(ctx, t)] } }),
  listAiTasks: (_ctx, t) => ({ path: '/system/ai-tasks', query: { site_id: t.siteId, function: 'auto_cluster' } }),
  getTaskProgress: async (ctx, t) => ({ path: `/system/settings/task_progress/${await startClusterTask(ctx, t)}` }),
  getTaskLogs: async (ctx, t) => ({ path: `/system/settings/task_progress/${await startClusterTask(ctx, t)}/logs` }),
  streamTaskProgress: async (ctx, t) => ({
    path: `/system/settings/task_progress/${await startClusterTask(ctx, t)}/stream`,
    query: { max_seconds: 1 },
    invalidQuery: { max_seconds: 0 },
  }),
};

/** Points the tenant's OpenAI and Runware settings at the scripted test server. */
export async function useTestProviders(
  ctx: TestContext,
  t: Tenant,
  fake: { openAiBaseUrl: string; origin: string },
  timeoutMs = 5000,
): Promise<void> {
  const auth = { Authorization: `Bearer ${t.users.owner.token}` };
  await ctx.http
    .put('/api/v1/system/settings/integrations/openai/')
    .set(auth)
    .send({ api_key: 'sk-test-0000000000', config: { base_url: fake.openAiBaseUrl, timeout_ms: timeoutMs } })
    .expect(200);
  await ctx.http
    .put('/api/v1/system/settings/integrations/runware/')
    .set(auth)
    .send({ api_key: 'rw-test-0000000000', config: { base_url: `${fake.origin}/runware`, timeout_ms: timeoutMs } })
    .expect(200);
}

/**
 * The engine's test app: routes, queue and worker in this process (bee-queue on Redis with MySQL; on SQLite the
 * in-process runner without Redis, as the embedded product runs), a tenant whose providers are the scripted server.
 */
export async function startAiTestApp(label: string): Promise<{ ctx: TestContext; fake: FakeProviderServer; t: Tenant }> {
  const fake = await FakeProviderServer.start();
  const embedded: Record<string, string> = process.env.IGNY8_TEST_DB === 'sqlite' ? { REDIS_URL: '' } : {};
  const ctx = await startTestApp({ AI_RETRY_BACKOFF_MS: '50', ...embedded }, { jobs: true });
  const t = await createTenant(ctx, label);
  await useTestProviders(ctx, t, fake);
  return { ctx, fake, t };
}

/** After each run: nothing left held, and the ledger sums to the balance. */
export async function expectCreditsSettled(ctx: TestContext, t: Tenant): Promise<void> {
  expect(await heldCreditsOf(ctx.services.knex, t.accountId)).toBe(0);
  await expectLedgerMatchesBalance(ctx.services.knex, t.accountId);
}

export interface TaskState {
  task_id: string;
  status: 'queued' | 'running' | 'completed' | 'failed';
  engine: string;
  phase: string;
  progress: number;
  message: string | null;
  result: Record<string, unknown> | null;
  error: { code: string; message: string } | null;
  credits: number;
  attempts: number;
}

/** Polls the task through the API until it completes or fails. */
export async function waitForTask(ctx: TestContext, t: Tenant, taskId: string, timeoutMs = 30_000): Promise<TaskState> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const response = await ctx.http.get(`/api/v1/system/settings/task_progress/${taskId}/`).set('Authorization', `Bearer ${t.users.owner.token}`);
    if (response.status !== 200) throw new Error(`task_progress: ${response.status} ${JSON.stringify(response.body)}`);
    const state = response.body.data as TaskState;
    if (state.status === 'completed' || state.status === 'failed') return state;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`Task ${taskId} did not finish within ${timeoutMs} ms.`);
}

/** Starts an AI function through its route as the tenant's owner; returns the 202's data. */
export async function startRun(
  ctx: TestContext,
  t: Tenant,
  path: string,
  body: object,
): Promise<{ task_id: string; engine: string; credits_held: number }> {
  const response = await ctx.http.post(`/api/v1${path}/`).set('Authorization', `Bearer ${t.users.owner.token}`).send(body);
  if (response.status !== 202) throw new Error(`${path}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.data;
}

/** A new sector of the tenant's site holding these keywords; returns their ids in order. */
export async function sectorWithKeywords(
  ctx: TestContext,
  t: Tenant,
  keywords: { keyword: string; volume?: number }[],
): Promise<{ site_id: number; sector_id: number; keyword_ids: number[] }> {
  const auth = { Authorization: `Bearer ${t.users.owner.token}` };
  const sector = await ctx.http
    .post('/api/v1/auth/sectors/')
    .set(auth)
    .send({ site_id: t.siteId, name: `Run ${randomUUID().slice(0, 6)}`, is_active: false })
    .expect(201);
  const target = { site_id: t.siteId, sector_id: sector.body.data.id as number };
  await ctx.http
    .post('/api/v1/planner/keywords/bulk_create/')
    .set(auth)
    .send({ ...target, keywords })
    .expect(201);
  const rows = (await ctx.services.knex('keywords').where({ sectorId: target.sector_id }).orderBy('id').select('id')) as { id: number }[];
  return { ...target, keyword_ids: rows.map((row) => row.id) };
}
