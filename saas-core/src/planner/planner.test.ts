import { randomUUID } from 'node:crypto';
import { createTenant, type Tenant, type TestContext, startTestApp } from '../test/harness';
import { newCluster, newIdea, newKeyword } from './test-support';

let ctx: TestContext;
let t: Tenant;
let other: Tenant;
beforeAll(async () => {
  ctx = await startTestApp();
  t = await createTenant(ctx, 'planner');
  other = await createTenant(ctx, 'stranger');
});
afterAll(async () => ctx.close());

const as = (token: string) => ({ Authorization: `Bearer ${token}` });
const owner = () => as(t.users.owner.token);
const api = (path: string) => `/api/v1${path}/`;
const inSector = (tenant: Tenant = t) => ({ site_id: tenant.siteId, sector_id: tenant.sectorId });

/** A sector of its own, so counts in one test are not disturbed by another. */
async function freshSector(tenant: Tenant = t): Promise<{ site_id: number; sector_id: number }> {
  const response = await ctx.http
    .post(api('/auth/sectors'))
    .set(as(tenant.users.owner.token))
    .send({ site_id: tenant.otherSiteId, name: `Sector ${randomUUID().slice(0, 6)}`, is_active: false })
    .expect(201);
  return { site_id: tenant.otherSiteId, sector_id: response.body.data.id };
}

describe('keywords', () => {
  it('de-duplicates on the normalised form: case, spacing, full-width letters and invisible characters', async () => {
    const sector = await freshSector();
    const first = await ctx.http
      .post(api('/planner/keywords'))
      .set(owner())
      .send({ ...sector, keyword: '  Best   SEO Tools ' })
      .expect(201);
    expect(first.body.data).toMatchObject({ keyword: 'Best SEO Tools', normalized_keyword: 'best seo tools', source: 'manual', status: 'active' });
    for (const variant of ['best seo tools', 'BEST SEO TOOLS', 'ｂｅｓｔ ｓｅｏ tools', 'best\u00a0seo\ttools', 'best seo\u200b tools']) {
      const clash = await ctx.http
        .post(api('/planner/keywords'))
        .set(owner())
        .send({ ...sector, keyword: variant });
      expect({ variant, status: clash.status, code: clash.body.error_code }).toEqual({ variant, status: 409, code: 'KEYWORD_DUPLICATE' });
    }
    const bulk = await ctx.http
      .post(api('/planner/keywords/bulk_create'))
      .set(owner())
      .send({
        ...sector,
        keywords: [{ keyword: 'best seo tools' }, { keyword: 'Best SEO tools', volume: 4400 }, { keyword: 'seo audit' }, { keyword: 'SEO  Audit' }],
      })
      .expect(201);
    // "best seo tools" exists: the first mention is a duplicate, the second brings new volume but repeats it in one batch.
    expect(bulk.body.data).toEqual({ created: 1, updated: 0, duplicates: 3 });
    const again = await ctx.http
      .post(api('/planner/keywords/bulk_create'))
      .set(owner())
      .send({ ...sector, keywords: [{ keyword: 'BEST seo tools', volume: 4400 }] })
      .expect(201);
    expect(again.body.data).toEqual({ created: 0, updated: 1, duplicates: 0 });
    const list = await ctx.http.get(api('/planner/keywords')).set(owner()).query({ sector_id: sector.sector_id, ordering: 'keyword' }).expect(200);
    expect(list.body.results.map((row: { keyword: string; volume: number | null }) => [row.keyword, row.volume])).toEqual([
      ['Best SEO Tools', 4400],
      ['seo audit', null],
    ]);
  });

  it('filters, searches, orders and pages', async () => {
    const sector = await freshSector();
    const keywords = [
      { keyword: 'alpha shoes', volume: 100, difficulty: 10, intent: 'commercial' },
      { keyword: 'beta shoes', volume: 900, difficulty: 70, intent: 'transactional', status: 'inactive' },
      { keyword: 'gamma boots', volume: 500, difficulty: 40, intent: 'commercial' },
      { keyword: 'delta 100% boots', volume: 50, difficulty: 90, intent: 'informational' },
    ];
    await ctx.http
      .post(api('/planner/keywords/bulk_create'))
      .set(owner())
      .send({ ...sector, keywords })
      .expect(201);
    const list = async (query: Record<string, string | number>) =>
      (
        await ctx.http
          .get(api('/planner/keywords'))
          .set(owner())
          .query({ sector_id: sector.sector_id, ...query })
          .expect(200)
      ).body;
    const names = (body: { results: { keyword: string }[] }) => body.results.map((row) => row.keyword);
    expect(names(await list({ ordering: '-volume' }))).toEqual(['beta shoes', 'gamma boots', 'alpha shoes', 'delta 100% boots']);
    expect(names(await list({ ordering: 'difficulty', intent: 'commercial' }))).toEqual(['alpha shoes', 'gamma boots']);
    expect(names(await list({ status: 'inactive' }))).toEqual(['beta shoes']);
    expect(names(await list({ difficulty_min: 40, difficulty_max: 70, ordering: 'keyword' }))).toEqual(['beta shoes', 'gamma boots']);
    expect(names(await list({ volume_min: 100, volume_max: 500, ordering: 'volume' }))).toEqual(['alpha shoes', 'gamma boots']);
    expect(names(await list({ search: 'BOOTS', ordering: 'keyword' }))).toEqual(['delta 100% boots', 'gamma boots']);
    expect(names(await list({ search: '100%' }))).toEqual(['delta 100% boots']);
    const page = await list({ ordering: 'keyword', page_size: 3, page: 2 });
    expect({ count: page.count, names: names(page), next: page.next }).toEqual({ count: 4, names: ['gamma boots'], next: null });
    const bad = await ctx.http.get(api('/planner/keywords')).set(owner()).query({ ordering: 'password' });
    expect({ status: bad.status, code: bad.body.error_code }).toEqual({ status: 400, code: 'VALIDATION_ERROR' });
  });

  it('validates metrics with clear field errors', async () => {
    const response = await ctx.http
      .post(api('/planner/keywords'))
      .set(owner())
      .send({ ...inSector(), keyword: 'x', difficulty: 150, intent: 'curious' });
    expect(response.status).toBe(400);
    expect(Object.keys(response.body.errors).sort()).toEqual(['difficulty', 'intent']);
  });

  it('enforces the plan keyword limit: bulk calls are all or nothing, imports keep what fits', async () => {
    const tenant = await createTenant(ctx, 'limited');
    const { knex } = ctx.services;
    const now = new Date();
    const [planId] = (await knex('plans').insert({
      slug: `tiny-${randomUUID().slice(0, 8)}`,
      name: 'Tiny',
      isDefault: false,
      isActive: true,
      priceCents: 0,
      maxSites: 5,
      maxUsers: 5,
      maxSectorsPerSite: 5,
      maxKeywords: 3,
      includedCredits: 0,
      createdAt: now,
      updatedAt: now,
    })) as number[];
    await knex('accounts').where({ id: tenant.accountId }).update({ planId });
    const headers = as(tenant.users.owner.token);
    const four = ['one', 'two', 'three', 'four'].map((keyword) => ({ keyword }));
    const refused = await ctx.http
      .post(api('/planner/keywords/bulk_create'))
      .set(headers)
      .send({ ...inSector(tenant), keywords: four });
    expect({ status: refused.status, code: refused.body.error_code }).toEqual({ status: 403, code: 'PLAN_LIMIT_EXCEEDED' });
    expect(refused.body.error).toMatch(/at most 3 keywords/);
    expect(await knex('keywords').where({ accountId: tenant.accountId }).count({ n: '*' })).toEqual([{ n: 0 }]);

    const imported = await ctx.http
      .post(api('/planner/keywords/import_csv'))
      .query(inSector(tenant))
      .set(headers)
      .set('Content-Type', 'text/csv')
      .send('Keyword\none\ntwo\nthree\nfour\nfive\n')
      .expect(200);
    expect(imported.body.data).toMatchObject({
      status: 'completed',
      created: 3,
      error_count: 2,
      errors: [
        { line: 5, reason: 'plan keyword limit reached' },
        { line: 6, reason: 'plan keyword limit reached' },
      ],
    });
    const single = await ctx.http
      .post(api('/planner/keywords'))
      .set(headers)
      .send({ ...inSector(tenant), keyword: 'six' });
    expect({ status: single.status, code: single.body.error_code }).toEqual({ status: 403, code: 'PLAN_LIMIT_EXCEEDED' });
  });

  it('bulk delete and status changes touch only this tenant’s keywords', async () => {
    const mine = await newKeyword(ctx, t);
    const theirs = await newKeyword(ctx, other);
    const status = await ctx.http
      .post(api('/planner/keywords/bulk_update_status'))
      .set(owner())
      .send({ ids: [mine, theirs], status: 'used' })
      .expect(200);
    expect(status.body.data).toEqual({ updated: 1, not_found: [theirs] });
    const deleted = await ctx.http
      .post(api('/planner/keywords/bulk_delete'))
      .set(owner())
      .send({ ids: [mine, theirs] })
      .expect(200);
    expect(deleted.body.data).toEqual({ deleted: 1, not_found: [theirs] });
    expect(await ctx.services.knex('keywords').where({ id: theirs }).first('status')).toEqual({ status: 'active' });
  });

  it('a viewer reads but cannot write; an editor sees only granted sites', async () => {
    await ctx.http.get(api('/planner/keywords')).set(as(t.users.viewer.token)).expect(200);
    const write = await ctx.http
      .post(api('/planner/keywords'))
      .set(as(t.users.viewer.token))
      .send({ ...inSector(), keyword: 'viewer' });
    expect(write.status).toBe(403);
    const hidden = await ctx.http
      .post(api('/planner/keywords'))
      .set(owner())
      .send({ ...(await freshSector()), keyword: 'ungranted' })
      .expect(201);
    const asEditor = await ctx.http.get(api(`/planner/keywords/${hidden.body.data.id}`)).set(as(t.users.editor.token));
    expect(asEditor.status).toBe(404);
    const editorList = await ctx.http.get(api('/planner/keywords')).set(as(t.users.editor.token)).query({ page_size: 200 }).expect(200);
    expect(editorList.body.results.every((row: { site_id: number }) => row.site_id === t.siteId)).toBe(true);
  });
});

describe('clusters', () => {
  it('keeps keywords_count and total_volume right after every change', async () => {
    const sector = await freshSector();
    const bulk = await ctx.http
      .post(api('/planner/keywords/bulk_create'))
      .set(owner())
      .send({ ...sector, keywords: [{ keyword: 'k1', volume: 10 }, { keyword: 'k2', volume: 20 }, { keyword: 'k3' }] })
      .expect(201);
    expect(bulk.body.data.created).toBe(3);
    const ids = (await ctx.services.knex('keywords').where({ sectorId: sector.sector_id }).orderBy('keyword').select('id')).map(
      (row: { id: number }) => row.id,
    );
    const created = await ctx.http
      .post(api('/planner/clusters'))
      .set(owner())
      .send({ ...sector, name: 'Totals', keyword_ids: [ids[0]] })
      .expect(201);
    const clusterId = created.body.data.id;
    const totals = async () => {
      const body = (
        await ctx.http
          .get(api(`/planner/clusters/${clusterId}`))
          .set(owner())
          .expect(200)
      ).body.data;
      return [body.keywords_count, body.total_volume];
    };
    expect(await totals()).toEqual([1, 10]);
    await ctx.http
      .post(api(`/planner/clusters/${clusterId}/add_keywords`))
      .set(owner())
      .send({ keyword_ids: ids })
      .expect(200);
    expect(await totals()).toEqual([3, 30]);
    await ctx.http
      .patch(api(`/planner/keywords/${ids[1]}`))
      .set(owner())
      .send({ volume: 25 })
      .expect(200);
    expect(await totals()).toEqual([3, 35]);
    await ctx.http
      .post(api(`/planner/clusters/${clusterId}/remove_keywords`))
      .set(owner())
      .send({ keyword_ids: [ids[0]] })
      .expect(200);
    expect(await totals()).toEqual([2, 25]);
    await ctx.http
      .delete(api(`/planner/keywords/${ids[1]}`))
      .set(owner())
      .expect(200);
    expect(await totals()).toEqual([1, 0]);
    const keyword = await ctx.http
      .get(api(`/planner/keywords/${ids[2]}`))
      .set(owner())
      .expect(200);
    expect(keyword.body.data.cluster_ids).toEqual([clusterId]);
    const filtered = await ctx.http.get(api('/planner/keywords')).set(owner()).query({ cluster_id: clusterId }).expect(200);
    expect(filtered.body.results.map((row: { id: number }) => row.id)).toEqual([ids[2]]);
    const ordered = await ctx.http
      .get(api('/planner/clusters'))
      .set(owner())
      .query({ sector_id: sector.sector_id, ordering: '-total_volume' })
      .expect(200);
    expect(ordered.body.results[0]).toMatchObject({ id: clusterId, keywords_count: 1 });
  });

  it('refuses keywords of another sector or another account', async () => {
    const clusterId = await newCluster(ctx, t);
    const elsewhere = await ctx.http
      .post(api('/planner/keywords'))
      .set(owner())
      .send({ ...(await freshSector()), keyword: 'far away' })
      .expect(201);
    const mismatch = await ctx.http
      .post(api(`/planner/clusters/${clusterId}/add_keywords`))
      .set(owner())
      .send({ keyword_ids: [elsewhere.body.data.id] });
    expect({ status: mismatch.status, code: mismatch.body.error_code }).toEqual({ status: 400, code: 'KEYWORD_SECTOR_MISMATCH' });
    const foreign = await ctx.http
      .post(api(`/planner/clusters/${clusterId}/add_keywords`))
      .set(owner())
      .send({ keyword_ids: [await newKeyword(ctx, other)] });
    expect(foreign.status).toBe(404);
  });
});

describe('ideas', () => {
  it('stores the outline in order and carries it into tasks, once per idea', async () => {
    const clusterId = await newCluster(ctx, t);
    const outline = Array.from({ length: 7 }, (_, index) => ({
      heading: `Section ${index + 1}`,
      points: [`point ${index + 1}a`, `point ${index + 1}b`],
    }));
    const created = await ctx.http
      .post(api('/planner/ideas'))
      .set(owner())
      .send({
        ...inSector(),
        cluster_id: clusterId,
        title: 'How to choose running shoes',
        description: 'A buyer’s guide',
        content_structure: 'guide',
        target_keywords: ['running shoes', 'best running shoes'],
        estimated_word_count: 1800,
        outline,
      })
      .expect(201);
    expect(created.body.data).toMatchObject({ outline, status: 'new', content_structure: 'guide' });
    const ideaId = created.body.data.id;
    const fetched = await ctx.http
      .get(api(`/planner/ideas/${ideaId}`))
      .set(owner())
      .expect(200);
    expect(fetched.body.data.outline).toEqual(outline);

    const tasks = await ctx.http
      .post(api('/planner/ideas/create_tasks'))
      .set(owner())
      .send({ idea_ids: [ideaId] })
      .expect(201);
    expect(tasks.body.data.tasks).toHaveLength(1);
    const task = await ctx.services.knex('tasks').where({ id: tasks.body.data.tasks[0].id }).first();
    const parse = (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value);
    expect({ ...task, outline: parse(task.outline), targetKeywords: parse(task.targetKeywords) }).toMatchObject({
      title: 'How to choose running shoes',
      brief: 'A buyer’s guide',
      ideaId,
      clusterId,
      contentStructure: 'guide',
      wordCountTarget: 1800,
      targetKeywords: ['running shoes', 'best running shoes'],
      outline,
      status: 'pending',
    });
    const idea = await ctx.http
      .get(api(`/planner/ideas/${ideaId}`))
      .set(owner())
      .expect(200);
    expect(idea.body.data.status).toBe('in_progress');
    const again = await ctx.http
      .post(api('/planner/ideas/create_tasks'))
      .set(owner())
      .send({ idea_ids: [ideaId] })
      .expect(201);
    expect(again.body.data).toEqual({ tasks: [], skipped_idea_ids: [ideaId] });
    const foreign = await ctx.http
      .post(api('/planner/ideas/create_tasks'))
      .set(owner())
      .send({ idea_ids: [await newIdea(ctx, other)] });
    expect(foreign.status).toBe(404);
  });

  it('rejects a malformed outline and a cluster of another sector', async () => {
    const badOutline = await ctx.http
      .post(api('/planner/ideas'))
      .set(owner())
      .send({ ...inSector(), title: 'x', outline: [{ points: ['no heading'] }] });
    expect(badOutline.status).toBe(400);
    const sector = await freshSector();
    const cluster = await ctx.http
      .post(api('/planner/clusters'))
      .set(owner())
      .send({ ...sector, name: 'Elsewhere' })
      .expect(201);
    const mismatch = await ctx.http
      .post(api('/planner/ideas'))
      .set(owner())
      .send({ ...inSector(), title: 'x', cluster_id: cluster.body.data.id });
    expect({ status: mismatch.status, code: mismatch.body.error_code }).toEqual({ status: 400, code: 'CLUSTER_SECTOR_MISMATCH' });
  });
});
