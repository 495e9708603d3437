import { randomUUID } from 'node:crypto';
import { newIndustrySector } from '../industries/test-support';
import type { Fixture, TenantObjects } from '../test/fixture-types';
import type { Tenant, TestContext } from '../test/harness';

const CSV = 'Keyword,Volume,KD,CPC\nwalk csv one,100,10,0.5\nwalk csv two,200,20,1.5\n';
const csvUpload = (content = CSV) => ({ content, contentType: 'text/csv' });

/** Calls the API as the tenant's owner and returns `data`. */
async function post(ctx: TestContext, t: Tenant, path: string, body: object): Promise<{ id: number } & Record<string, unknown>> {
  const response = await ctx.http.post(`/api/v1${path}/`).set('Authorization', `Bearer ${t.users.owner.token}`).send(body);
  if (response.status >= 300) throw new Error(`${path}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.data;
}

const unique = (label: string) => `${label} ${randomUUID().slice(0, 8)}`;
const inSector = (t: Tenant) => ({ site_id: t.siteId, sector_id: t.sectorId });

export const newKeyword = async (ctx: TestContext, t: Tenant, label = 'walk keyword') =>
  (await post(ctx, t, '/planner/keywords', { ...inSector(t), keyword: unique(label), volume: 500, difficulty: 30 })).id;
export const newCluster = async (ctx: TestContext, t: Tenant, keywordIds: number[] = []) =>
  (await post(ctx, t, '/planner/clusters', { ...inSector(t), name: unique('walk cluster'), keyword_ids: keywordIds })).id;
export const newIdea = async (ctx: TestContext, t: Tenant, clusterId: number | null = null) =>
  (
    await post(ctx, t, '/planner/ideas', {
      ...inSector(t),
      title: unique('Walk idea'),
      cluster_id: clusterId,
      target_keywords: ['walk'],
      outline: [
        { heading: 'Why', points: ['one', 'two'] },
        { heading: 'How', points: ['three'] },
      ],
    })
  ).id;

/** A seed library entry (industry, industry sector, seed keyword), made directly: the library is platform data. */
async function newSeed(ctx: TestContext): Promise<{ industrySectorId: number; seedKeywordId: number }> {
  const { knex } = ctx.services;
  const now = new Date();
  const { industryId, industrySectorId } = await newIndustrySector(knex, { industry: 'Seeds', sector: 'Seed sector', sectorSlug: 'seed-sector' });
  const keyword = unique('seed keyword');
  const [seedKeywordId] = (await knex('seed_keywords').insert({
    industryId,
    industrySectorId,
    keyword,
    normalizedKeyword: keyword,
    volume: 10,
    isActive: true,
    createdAt: now,
    updatedAt: now,
  })) as number[];
  return { industrySectorId, seedKeywordId: seedKeywordId! };
}

/** One keyword, cluster, idea and finished import for a tenant, under its first site and sector. */
export async function createPlannerObjects(ctx: TestContext, t: Tenant): Promise<TenantObjects> {
  const keyword = await newKeyword(ctx, t);
  const cluster = await newCluster(ctx, t, [keyword]);
  const idea = await newIdea(ctx, t, cluster);
  const imported = await ctx.http
    .post('/api/v1/planner/keywords/import_csv/')
    .query(inSector(t))
    .set('Authorization', `Bearer ${t.users.owner.token}`)
    .set('Content-Type', 'text/csv')
    .send(CSV);
  if (imported.status !== 200) throw new Error(`import: ${imported.status} ${JSON.stringify(imported.body)}`);
  return { keyword, cluster, idea, keyword_import: imported.body.data.id as number };
}

/** Valid calls of the planner routes, for the route walk and the cross-tenant test. */
export const plannerValidCalls: Record<string, Fixture> = {
  listKeywords: (_ctx, t) => ({ path: '/planner/keywords', query: { site_id: t.siteId, ordering: '-volume,keyword', volume_min: 0 } }),
  createKeyword: (_ctx, t) => ({ path: '/planner/keywords', body: { ...inSector(t), keyword: unique('walk created'), intent: 'commercial' } }),
  bulkCreateKeywords: (_ctx, t) => ({
    path: '/planner/keywords/bulk_create',
    body: { ...inSector(t), keywords: [{ keyword: unique('bulk a') }, { keyword: unique('bulk b'), volume: 5 }] },
  }),
  bulkDeleteKeywords: async (ctx, t) => ({ path: '/planner/keywords/bulk_delete', body: { ids: [await newKeyword(ctx, t)] } }),
  bulkUpdateKeywordStatus: async (ctx, t) => ({
    path: '/planner/keywords/bulk_update_status',
    body: { ids: [await newKeyword(ctx, t)], status: 'inactive' },
  }),
  importKeywordsCsv: (_ctx, t) => ({ path: '/planner/keywords/import_csv', query: inSector(t), upload: csvUpload() }),
  exportKeywordsCsv: (_ctx, t) => ({ path: '/planner/keywords/export_csv', query: { site_id: t.siteId }, invalidQuery: { volume_min: -1 } }),
  getKeyword: async (ctx, t) => ({ path: `/planner/keywords/${await newKeyword(ctx, t)}` }),
  updateKeyword: async (ctx, t) => ({ path: `/planner/keywords/${await newKeyword(ctx, t)}`, body: { volume: 900, status: 'used' } }),
  deleteKeyword: async (ctx, t) => ({ path: `/planner/keywords/${await newKeyword(ctx, t)}` }),
  listKeywordImports: (_ctx, t) => ({ path: '/planner/keyword-imports', query: { site_id: t.siteId } }),
  getKeywordImport: async (ctx, t) => {
    const objects = await createPlannerObjects(ctx, t);
    return { path: `/planner/keyword-imports/${objects.keyword_import}` };
  },
  listClusters: (_ctx, t) => ({ path: '/planner/clusters', query: { sector_id: t.sectorId, ordering: '-keywords_count' } }),
  createCluster: (_ctx, t) => ({ path: '/planner/clusters', body: { ...inSector(t), name: unique('walk cluster') } }),
  getCluster: async (ctx, t) => ({ path: `/planner/clusters/${await newCluster(ctx, t)}` }),
  updateCluster: async (ctx, t) => ({ path: `/planner/clusters/${await newCluster(ctx, t)}`, body: { status: 'archived' } }),
  deleteCluster: async (ctx, t) => ({ path: `/planner/clusters/${await newCluster(ctx, t)}` }),
  addClusterKeywords: async (ctx, t) => ({
    path: `/planner/clusters/${await newCluster(ctx, t)}/add_keywords`,
    body: { keyword_ids: [await newKeyword(ctx, t)] },
  }),
  removeClusterKeywords: async (ctx, t) => {
    const keyword = await newKeyword(ctx, t);
    return { path: `/planner/clusters/${await newCluster(ctx, t, [keyword])}/remove_keywords`, body: { keyword_ids: [keyword] } };
  },
  listIdeas: (_ctx, t) => ({ path: '/planner/ideas', query: { site_id: t.siteId, content_type: 'post' } }),
  createIdea: (_ctx, t) => ({
    path: '/planner/ideas',
    body: { ...inSector(t), title: unique('Walk idea'), outline: [{ heading: 'Intro', points: ['hook'] }] },
  }),
  createTasksFromIdeas: async (ctx, t) => ({ path: '/planner/ideas/create_tasks', body: { idea_ids: [await newIdea(ctx, t)] } }),
  getIdea: async (ctx, t) => ({ path: `/planner/ideas/${await newIdea(ctx, t)}` }),
  updateIdea: async (ctx, t) => ({ path: `/planner/ideas/${await newIdea(ctx, t)}`, body: { status: 'approved' } }),
  deleteIdea: async (ctx, t) => ({ path: `/planner/ideas/${await newIdea(ctx, t)}` }),
  listSeedKeywords: () => ({ path: '/planner/seed-keywords', query: { ordering: 'keyword' } }),
  addSeedKeywordsToSector: async (ctx, t) => ({
    path: '/planner/seed-keywords/add_to_sector',
    body: { ...inSector(t), seed_keyword_ids: [(await newSeed(ctx)).seedKeywordId] },
  }),
  importSeedKeywordsCsv: async (ctx) => ({
    path: '/planner/seed-keywords/import_csv',
    query: { industry_sector_id: (await newSeed(ctx)).industrySectorId },
    upload: csvUpload(),
    as: 'developer',
  }),
};
