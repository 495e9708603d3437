import { randomUUID } from 'node:crypto';
import type { Fixture, TenantObjects } from '../test/fixture-types';
import type { Tenant, TestContext } from '../test/harness';

async function post(ctx: TestContext, t: Tenant, path: string, body: object): Promise<number> {
  const response = await ctx.http.post(`/api/v1${path}/`).set('Authorization', `Bearer ${t.users.owner.token}`).send(body);
  if (response.status >= 300) throw new Error(`${path}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.data.id as number;
}

const newProfile = (ctx: TestContext, t: Tenant) =>
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
  getTaskProgress: async (ctx, t) => ({ path: `/system/settings/task_progress/${await startClusterTask(ctx, t)}` }),
  streamTaskProgress: async (ctx, t) => ({
    path: `/system/settings/task_progress/${await startClusterTask(ctx, t)}/stream`,
    query: { max_seconds: 1 },
    invalidQuery: { max_seconds: 0 },
  }),
};
