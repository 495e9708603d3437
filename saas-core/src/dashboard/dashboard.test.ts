import { randomUUID } from 'node:crypto';
import { createTenant, type Tenant, type TestContext, startTestApp } from '../test/harness';

/** The pipeline counts: exact per status, per site and sector, for every role and a site key, counted by the database. */
let ctx: TestContext;
let t: Tenant;
let other: Tenant;
let sectorB: number;
let otherSiteSector: number;
beforeAll(async () => {
  ctx = await startTestApp();
  t = await createTenant(ctx, 'pipeline');
  other = await createTenant(ctx, 'pipeline-other');
  sectorB = await newSector(t.siteId);
  otherSiteSector = await newSector(t.otherSiteId);
  await seed();
});
afterAll(async () => ctx.close());

const owner = (tenant = t) => ({ Authorization: `Bearer ${tenant.users.owner.token}` });

async function call(method: 'post' | 'patch', path: string, body: object, tenant = t): Promise<Record<string, unknown> & { id: number }> {
  const response = await ctx.http[method](`/api/v1${path}/`).set(owner(tenant)).send(body);
  if (response.status >= 300) throw new Error(`${path}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.data;
}

async function newSector(siteId: number): Promise<number> {
  return (await call('post', '/auth/sectors', { site_id: siteId, name: `Pipeline ${randomUUID().slice(0, 6)}`, is_active: false })).id;
}

async function keywords(siteId: number, sectorId: number, count: number, tenant = t): Promise<number[]> {
  const label = randomUUID().slice(0, 8);
  await call(
    'post',
    '/planner/keywords/bulk_create',
    { site_id: siteId, sector_id: sectorId, keywords: range(count).map((n) => ({ keyword: `kw ${n} ${label}` })) },
    tenant,
  );
  const rows = (await ctx.services.knex('keywords').where('keyword', 'like', `% ${label}`).orderBy('id').select('id')) as { id: number }[];
  return rows.map((row) => row.id);
}

const range = (count: number) => Array.from({ length: count }, (_, n) => n);

/**
 * Sector A of the first site: 4 keywords (1 used, 1 inactive), 2 clusters (1 archived), 2 ideas (1 approved),
 * 3 tasks (1 queued), 2 contents (1 in review), 1 image. Sector B: 2 keywords, 1 cluster, 1 task.
 * The other site and the other account hold rows that must never be counted here.
 */
async function seed(): Promise<void> {
  const a = { site_id: t.siteId, sector_id: t.sectorId };
  const b = { site_id: t.siteId, sector_id: sectorB };
  const ids = await keywords(t.siteId, t.sectorId, 4);
  await call('post', '/planner/keywords/bulk_update_status', { ids: [ids[0]], status: 'used' });
  await call('post', '/planner/keywords/bulk_update_status', { ids: [ids[1]], status: 'inactive' });
  await keywords(t.siteId, sectorB, 2);
  const cluster = await call('post', '/planner/clusters', { ...a, name: 'Cluster one' });
  await call('post', '/planner/clusters', { ...a, name: 'Cluster two' });
  await call('patch', `/planner/clusters/${cluster.id}`, { status: 'archived' });
  await call('post', '/planner/clusters', { ...b, name: 'Cluster three' });
  const idea = await call('post', '/planner/ideas', { ...a, title: 'Idea one' });
  await call('post', '/planner/ideas', { ...a, title: 'Idea two' });
  await call('patch', `/planner/ideas/${idea.id}`, { status: 'approved' });
  const tasks = [];
  for (const title of ['Task one', 'Task two', 'Task three']) tasks.push((await call('post', '/writer/tasks', { ...a, title })).id);
  await call('post', '/writer/tasks', { ...b, title: 'Task four' });
  await call('post', '/writer/tasks/bulk_update', { ids: [tasks[2]], status: 'queued' });
  const content = await call('post', '/writer/content', { task_id: tasks[0], title: 'Content one', html: '<p>One</p>' });
  await call('post', '/writer/content', { task_id: tasks[1], title: 'Content two', html: '<p>Two</p>' });
  await call('patch', `/writer/content/${content.id}`, { status: 'review' });
  await call('post', '/writer/images', { content_id: content.id, type: 'featured' });

  await keywords(t.otherSiteId, otherSiteSector, 3);
  await call('post', '/writer/tasks', { site_id: t.otherSiteId, sector_id: otherSiteSector, title: 'Elsewhere' });
  await keywords(other.siteId, other.sectorId, 5, other);
  await call('post', '/writer/tasks', { site_id: other.siteId, sector_id: other.sectorId, title: 'Other account' }, other);
}

const SITE = {
  keywords: { total: 6, by_status: { active: 4, inactive: 1, used: 1 } },
  clusters: { total: 3, by_status: { active: 2, archived: 1 } },
  ideas: { total: 2, by_status: { new: 1, approved: 1, in_progress: 0, completed: 0 } },
  tasks: { total: 4, by_status: { pending: 3, queued: 1, in_progress: 0, completed: 0, published: 0, failed: 0 } },
  content: { total: 2, by_status: { draft: 1, review: 1, approved: 0, published: 0, scheduled: 0, archived: 0 } },
  images: { total: 1, by_status: { pending: 1, generated: 0, failed: 0 } },
};

const pipeline = (headers: Record<string, string>, query: Record<string, number> = {}) =>
  ctx.http.get('/api/v1/dashboard/pipeline/').set(headers).query(query);

it('counts every stage of the site by status, and of one sector', async () => {
  const site = await pipeline(owner(), { site_id: t.siteId }).expect(200);
  expect(site.body.data).toEqual({ site_id: t.siteId, sector_id: null, ...SITE });

  const sector = await pipeline(owner(), { site_id: t.siteId, sector_id: t.sectorId }).expect(200);
  expect(sector.body.data).toEqual({
    site_id: t.siteId,
    sector_id: t.sectorId,
    keywords: { total: 4, by_status: { active: 2, inactive: 1, used: 1 } },
    clusters: { total: 2, by_status: { active: 1, archived: 1 } },
    ideas: SITE.ideas,
    tasks: { total: 3, by_status: { ...SITE.tasks.by_status, pending: 2 } },
    content: SITE.content,
    images: SITE.images,
  });

  const empty = await pipeline(owner(), { site_id: t.otherSiteId, sector_id: otherSiteSector }).expect(200);
  expect(empty.body.data.keywords).toEqual({ total: 3, by_status: { active: 3, inactive: 0, used: 0 } });
  expect(empty.body.data.content).toEqual({ total: 0, by_status: { draft: 0, review: 0, approved: 0, published: 0, scheduled: 0, archived: 0 } });
});

it('counts in the database: one grouped COUNT per stage, no rows loaded', async () => {
  const statements: string[] = [];
  const record = (query: { sql: string }) => statements.push(query.sql.toLowerCase());
  ctx.services.knex.on('query', record);
  try {
    await pipeline(owner(), { site_id: t.siteId, sector_id: t.sectorId }).expect(200);
  } finally {
    ctx.services.knex.off('query', record);
  }
  const stages = statements.filter((sql) => /from [`"]?(keywords|clusters|content_ideas|tasks|contents|images)[`"]?\s/.test(sql));
  expect(stages).toHaveLength(6);
  for (const sql of stages) {
    expect(sql).toMatch(/count\(\*\)/);
    expect(sql).toMatch(/group by [`"]?status[`"]?/);
    expect(sql).toMatch(/account_id[`"]? = \?/); // scoped by the tenant query builder
    expect(sql).not.toMatch(/select \*|\.\*/);
  }
});

it('serves every role of the site and its own API key; a key defaults to its own site', async () => {
  for (const role of ['admin', 'editor', 'viewer'] as const) {
    const response = await pipeline({ Authorization: `Bearer ${t.users[role].token}` }, { site_id: t.siteId }).expect(200);
    expect(response.body.data.tasks).toEqual(SITE.tasks);
  }
  const key = { 'X-IGNY8-API-Key': t.apiKey, 'X-IGNY8-WP-User': JSON.stringify({ id: 3, role: 'contributor' }) };
  expect((await pipeline(key).expect(200)).body.data).toEqual({ site_id: t.siteId, sector_id: null, ...SITE });
  expect((await pipeline(key, { site_id: t.siteId, sector_id: sectorB }).expect(200)).body.data.keywords.total).toBe(2);
});

it('answers 404 for sites and sectors out of reach, exactly as for missing ones, and 400 for what does not fit', async () => {
  const notFound = async (headers: Record<string, string>, query: Record<string, number>) => {
    const response = await pipeline(headers, query);
    expect({ status: response.status, code: response.body.error_code, query }).toEqual({ status: 404, code: 'NOT_FOUND', query });
    expect(JSON.stringify(response.body)).not.toMatch(/pipeline-other|kw \d/);
  };
  const key = { 'X-IGNY8-API-Key': t.apiKey };
  await notFound(owner(), { site_id: other.siteId });
  await notFound(owner(), { site_id: 2147483000 });
  await notFound(owner(), { site_id: t.siteId, sector_id: other.sectorId });
  await notFound(owner(other), { site_id: t.siteId, sector_id: t.sectorId });
  await notFound({ Authorization: `Bearer ${t.users.editor.token}` }, { site_id: t.otherSiteId }); // not granted to the editor
  await notFound(key, { site_id: t.otherSiteId }); // the key's account, not its site
  await notFound(key, { site_id: other.siteId });
  await notFound({ 'X-IGNY8-API-Key': other.apiKey }, { site_id: t.siteId });

  const unnamed = await pipeline(owner());
  expect({ status: unnamed.status, code: unnamed.body.error_code, errors: unnamed.body.errors }).toEqual({
    status: 400,
    code: 'VALIDATION_ERROR',
    errors: { site_id: ['Required with a user token.'] },
  });
  const elsewhere = await pipeline(owner(), { site_id: t.siteId, sector_id: otherSiteSector });
  expect({ status: elsewhere.status, code: elsewhere.body.error_code }).toEqual({ status: 400, code: 'SECTOR_SITE_MISMATCH' });
  expect((await ctx.http.get('/api/v1/dashboard/pipeline/').query({ site_id: t.siteId })).status).toBe(401);
});
