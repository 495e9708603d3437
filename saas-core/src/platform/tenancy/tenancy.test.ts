import { Sector, Site } from '../../sites/models';
import { createDeveloper, createTenant, startTestApp, type TestContext } from '../../test/harness';
import { TenancyError } from '../errors';
import { accountScope } from './scope';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp();
});
afterAll(async () => ctx.close());

describe('the tenant query builder', () => {
  it('fails closed: a tenant query without a scope throws before reaching the database', async () => {
    await expect(Site.query(ctx.services.knex)).rejects.toBeInstanceOf(TenancyError);
    await expect(Site.query(ctx.services.knex).insert({ name: 'x', slug: 'x' })).rejects.toBeInstanceOf(TenancyError);
    await expect(Sector.query(ctx.services.knex).patch({ name: 'y' })).rejects.toBeInstanceOf(TenancyError);
  });

  it('scopes reads, including eager-loaded and counted ones, to the account', async () => {
    const a = await createTenant(ctx, 'scope-a');
    const b = await createTenant(ctx, 'scope-b');
    const sites = await Site.query(ctx.services.knex).forTenant(accountScope(a.accountId));
    expect(sites.map((site) => site.id).sort()).toEqual([a.siteId, a.otherSiteId].sort());
    expect(await Site.query(ctx.services.knex).forTenant(accountScope(a.accountId)).findById(b.siteId)).toBeUndefined();
    expect(await Site.query(ctx.services.knex).forTenant(accountScope(a.accountId)).resultSize()).toBe(2);
    const limited = { accountId: a.accountId, siteIds: [a.otherSiteId], homeAccountId: a.accountId };
    expect(await Sector.query(ctx.services.knex).forTenant(limited).findById(a.sectorId)).toBeUndefined();
  });

  it('stamps the account on insert and checks sector ∈ site ∈ account', async () => {
    const a = await createTenant(ctx, 'stamp-a');
    const b = await createTenant(ctx, 'stamp-b');
    const scope = accountScope(a.accountId);
    const sector = await Sector.query(ctx.services.knex)
      .forTenant(scope)
      .insertAndFetch({ siteId: a.otherSiteId, name: 'Stamped', slug: 'stamped', isActive: false });
    expect(sector.accountId).toBe(a.accountId);
    await expect(
      Sector.query(ctx.services.knex).forTenant(scope).insert({ siteId: b.siteId, name: 'Theirs', slug: 'theirs', isActive: false }),
    ).rejects.toMatchObject({ status: 404 });
    await expect(
      Sector.query(ctx.services.knex).forTenant(scope).insert({ accountId: b.accountId, siteId: a.siteId, name: 'Sneaky', slug: 'sneaky' }),
    ).rejects.toMatchObject({ status: 404 });
    await expect(
      Site.query(ctx.services.knex)
        .forTenant(scope)
        .patch({ accountId: b.accountId } as never),
    ).rejects.toBeInstanceOf(TenancyError);
  });
});

describe('limits', () => {
  it('allows at most 5 active sectors per site and enforces plan limits with clear codes', async () => {
    const a = await createTenant(ctx, 'limits');
    const auth = { Authorization: `Bearer ${a.users.owner.token}` };
    for (let i = 1; i <= 5; i += 1)
      await ctx.http
        .post('/api/v1/auth/sectors/')
        .set(auth)
        .send({ site_id: a.otherSiteId, name: `S${i}` })
        .expect(201);
    const sixth = await ctx.http.post('/api/v1/auth/sectors/').set(auth).send({ site_id: a.otherSiteId, name: 'S6' }).expect(409);
    expect(sixth.body.error_code).toBe('SECTOR_LIMIT_REACHED');
    await ctx.http.post('/api/v1/auth/sectors/').set(auth).send({ site_id: a.otherSiteId, name: 'Parked', is_active: false }).expect(201);

    const signup = await ctx.http
      .post('/api/v1/auth/register/')
      .send({ email: `free-${a.accountId}@example.test`, password: 'a-good-password', account_name: 'Free plan' })
      .expect(201);
    const free = { Authorization: `Bearer ${signup.body.data.tokens.access}` };
    await ctx.http.post('/api/v1/auth/sites/').set(free).send({ name: 'One' }).expect(201);
    const second = await ctx.http.post('/api/v1/auth/sites/').set(free).send({ name: 'Two' }).expect(403);
    expect(second.body).toMatchObject({ error_code: 'PLAN_LIMIT_EXCEEDED', errors: { sites: ['limit 1 reached'] } });
    await ctx.http
      .post('/api/v1/auth/users/')
      .set(free)
      .send({ email: `u2-${a.accountId}@example.test`, password: 'a-good-password', role: 'editor' })
      .expect(201);
    expect(
      (
        await ctx.http
          .post('/api/v1/auth/users/')
          .set(free)
          .send({ email: `u3-${a.accountId}@example.test`, password: 'a-good-password', role: 'editor' })
          .expect(403)
      ).body.error_code,
    ).toBe('PLAN_LIMIT_EXCEEDED');
  });

  it('protects system accounts from deletion, even by developers', async () => {
    const developer = await createDeveloper(ctx);
    const response = await ctx.http
      .delete(`/api/v1/auth/accounts/${developer.accountId}/`)
      .set('Authorization', `Bearer ${developer.token}`)
      .expect(403);
    expect(response.body.error_code).toBe('SYSTEM_ACCOUNT_PROTECTED');
  });
});
