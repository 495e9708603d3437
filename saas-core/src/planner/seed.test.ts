import { randomUUID } from 'node:crypto';
import { createDeveloper, createTenant, type Tenant, type TestContext, startTestApp } from '../test/harness';

let ctx: TestContext;
let t: Tenant;
let developer: { token: string };
let industrySectorId: number;
beforeAll(async () => {
  ctx = await startTestApp();
  t = await createTenant(ctx, 'seeds');
  developer = await createDeveloper(ctx);
  const industry = await ctx.http
    .post('/api/v1/auth/industries/')
    .set('Authorization', `Bearer ${developer.token}`)
    .send({ name: `Footwear ${randomUUID().slice(0, 6)}`, sectors: [{ name: 'Running' }] })
    .expect(201);
  industrySectorId = industry.body.data.sectors[0].id;
});
afterAll(async () => ctx.close());

it('the platform team imports a library CSV; owners browse it and add keywords to a sector', async () => {
  const csv =
    'Keyword,Volume,KD,Intent\nrunning shoes,12100,67,commercial\nmarathon training plan,9900,40,informational\nRunning Shoes,12100,67,commercial\n,5,5,\n';
  const asOwner = await ctx.http
    .post('/api/v1/planner/seed-keywords/import_csv/')
    .query({ industry_sector_id: industrySectorId })
    .set('Authorization', `Bearer ${t.users.owner.token}`)
    .set('Content-Type', 'text/csv')
    .send(csv);
  expect(asOwner.status).toBe(403);
  const imported = await ctx.http
    .post('/api/v1/planner/seed-keywords/import_csv/')
    .query({ industry_sector_id: industrySectorId })
    .set('Authorization', `Bearer ${developer.token}`)
    .set('Content-Type', 'text/csv')
    .send(csv)
    .expect(200);
  expect(imported.body.data).toEqual({ created: 2, updated: 0, duplicates: 1, errors: [{ line: 5, reason: expect.any(String) }] });
  const updated = await ctx.http
    .post('/api/v1/planner/seed-keywords/import_csv/')
    .query({ industry_sector_id: industrySectorId })
    .set('Authorization', `Bearer ${developer.token}`)
    .set('Content-Type', 'text/csv')
    .send('Keyword,Volume\nrunning shoes,14800\n')
    .expect(200);
  expect(updated.body.data).toMatchObject({ created: 0, updated: 1 });

  const browse = await ctx.http
    .get('/api/v1/planner/seed-keywords/')
    .query({ industry_sector_id: industrySectorId, ordering: '-volume' })
    .set('Authorization', `Bearer ${t.users.viewer.token}`)
    .expect(200);
  expect(browse.body.results.map((seed: { keyword: string; volume: number }) => [seed.keyword, seed.volume])).toEqual([
    ['running shoes', 14800],
    ['marathon training plan', 9900],
  ]);
  const ids = browse.body.results.map((seed: { id: number }) => seed.id);
  const added = await ctx.http
    .post('/api/v1/planner/seed-keywords/add_to_sector/')
    .set('Authorization', `Bearer ${t.users.editor.token}`)
    .send({ site_id: t.siteId, sector_id: t.sectorId, seed_keyword_ids: ids })
    .expect(201);
  expect(added.body.data).toEqual({ created: 2, duplicates: 0 });
  const twice = await ctx.http
    .post('/api/v1/planner/seed-keywords/add_to_sector/')
    .set('Authorization', `Bearer ${t.users.editor.token}`)
    .send({ site_id: t.siteId, sector_id: t.sectorId, seed_keyword_ids: ids })
    .expect(201);
  expect(twice.body.data).toEqual({ created: 0, duplicates: 2 });
  const rows = await ctx.services
    .knex('keywords')
    .where({ sectorId: t.sectorId, source: 'seed' })
    .orderBy('keyword')
    .select('keyword', 'seedKeywordId', 'volume');
  expect(rows).toEqual([
    { keyword: 'marathon training plan', seedKeywordId: ids[1], volume: 9900 },
    { keyword: 'running shoes', seedKeywordId: ids[0], volume: 14800 },
  ]);
  const missing = await ctx.http
    .post('/api/v1/planner/seed-keywords/add_to_sector/')
    .set('Authorization', `Bearer ${t.users.owner.token}`)
    .send({ site_id: t.siteId, sector_id: t.sectorId, seed_keyword_ids: [2147483000] });
  expect(missing.status).toBe(404);
});
