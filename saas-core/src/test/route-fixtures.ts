import { randomUUID } from 'node:crypto';
import { PASSWORD, signIn, type Tenant, type TestContext, uniqueEmail } from './harness';
import { createAccountWithOwner } from '../accounts/commands/create-account';

import type { Fixture } from './fixture-types';
import { plannerValidCalls } from '../planner/test-support';
import { writerValidCalls } from '../writer/test-support';
import { creditValidCalls } from '../credits/test-support';
import { aiValidCalls } from '../ai/test-support';
import { integrationValidCalls } from '../integration/test-support';
import { dashboardValidCalls } from '../dashboard/test-support';

export type { ValidCall } from './fixture-types';

const freshUser = async (ctx: TestContext, t: Tenant) => {
  const response = await ctx.http
    .post('/api/v1/auth/users/')
    .set('Authorization', `Bearer ${t.users.owner.token}`)
    .send({ email: uniqueEmail('fixture'), password: PASSWORD, role: 'editor' })
    .expect(201);
  return response.body.data.id as number;
};

/**
 * One valid call per route, keyed by operationId. The route walk and the cross-tenant test build
 * their other cases from these, and fail for any route that has none: new routes are covered.
 */
export const validCalls: Record<string, Fixture> = {
  ...plannerValidCalls,
  ...writerValidCalls,
  ...creditValidCalls,
  ...aiValidCalls,
  ...integrationValidCalls,
  ...dashboardValidCalls,
  register: () => ({ path: '/auth/register', body: { email: uniqueEmail('walk'), password: PASSWORD, account_name: 'Walk Co' } }),
  login: (_ctx, t) => ({ path: '/auth/login', body: { email: t.users.admin.email, password: PASSWORD } }),
  refreshToken: async (ctx, t) => {
    const login = await ctx.http.post('/api/v1/auth/login/').send({ email: t.users.admin.email, password: PASSWORD });
    return { path: '/auth/refresh', body: { refresh: login.body.data.tokens.refresh } };
  },
  logout: async (ctx, t) => ({ path: '/auth/logout', token: await signIn(ctx.http, t.users.owner.email) }),
  me: () => ({ path: '/auth/me' }),
  requestPasswordReset: (_ctx, t) => ({ path: '/auth/password-reset', body: { email: t.users.admin.email } }),
  confirmPasswordReset: async (ctx) => {
    const email = uniqueEmail('reset-walk');
    await createAccountWithOwner(ctx.services.knex, { accountName: 'Reset walk', email, password: PASSWORD });
    await ctx.http.post('/api/v1/auth/password-reset/').send({ email });
    const mail = ctx.outbox.filter((message) => message.to === email).pop();
    const token = /Your reset code: (\S+)/.exec(mail?.text ?? '')?.[1] ?? '';
    return { path: '/auth/password-reset/confirm', body: { token, password: 'another-good-password' } };
  },
  listAccounts: () => ({ path: '/auth/accounts', query: { search: 'tenant' } }),
  getAccount: (_ctx, t) => ({ path: `/auth/accounts/${t.accountId}` }),
  updateAccount: (_ctx, t) => ({ path: `/auth/accounts/${t.accountId}`, body: { name: `Renamed ${randomUUID().slice(0, 4)}` } }),
  deleteAccount: async (ctx) => {
    const { account } = await createAccountWithOwner(ctx.services.knex, { accountName: 'Doomed', email: uniqueEmail('doomed'), password: PASSWORD });
    return { path: `/auth/accounts/${account.id}`, as: 'developer' };
  },
  listUsers: () => ({ path: '/auth/users', query: { ordering: '-created_at', role: 'editor' } }),
  createUser: () => ({ path: '/auth/users', body: { email: uniqueEmail('new'), password: PASSWORD, role: 'viewer' } }),
  getUser: (_ctx, t) => ({ path: `/auth/users/${t.users.editor.id}` }),
  updateUser: (_ctx, t) => ({ path: `/auth/users/${t.users.editor.id}`, body: { first_name: 'Edith' } }),
  deleteUser: async (ctx, t) => ({ path: `/auth/users/${await freshUser(ctx, t)}` }),
  listSites: () => ({ path: '/auth/sites', query: { ordering: '-created_at' } }),
  createSite: () => ({ path: '/auth/sites', body: { name: `Walk site ${randomUUID().slice(0, 4)}`, domain: 'walk.example' } }),
  getSite: (_ctx, t) => ({ path: `/auth/sites/${t.siteId}` }),
  updateSite: (_ctx, t) => ({ path: `/auth/sites/${t.siteId}`, body: { description: 'Updated by the walk' } }),
  deleteSite: async (ctx, t) => {
    const response = await ctx.http
      .post('/api/v1/auth/sites/')
      .set('Authorization', `Bearer ${t.users.owner.token}`)
      .send({ name: 'Short-lived' })
      .expect(201);
    return { path: `/auth/sites/${response.body.data.id}` };
  },
  listApiKeys: (_ctx, t) => ({ path: `/auth/sites/${t.siteId}/api-keys` }),
  createApiKey: (_ctx, t) => ({ path: `/auth/sites/${t.siteId}/api-keys`, body: { name: 'Walk key' } }),
  revokeApiKey: async (ctx, t) => {
    const response = await ctx.http
      .post(`/api/v1/auth/sites/${t.siteId}/api-keys/`)
      .set('Authorization', `Bearer ${t.users.owner.token}`)
      .send({})
      .expect(201);
    return { path: `/auth/sites/${t.siteId}/api-keys/${response.body.data.id}` };
  },
  listSectors: (_ctx, t) => ({ path: '/auth/sectors', query: { site_id: t.siteId } }),
  createSector: (_ctx, t) => ({ path: '/auth/sectors', body: { site_id: t.otherSiteId, name: `Walk sector ${randomUUID().slice(0, 4)}` } }),
  getSector: (_ctx, t) => ({ path: `/auth/sectors/${t.sectorId}` }),
  updateSector: (_ctx, t) => ({ path: `/auth/sectors/${t.sectorId}`, body: { description: 'Walked' } }),
  deleteSector: async (ctx, t) => {
    const response = await ctx.http
      .post('/api/v1/auth/sectors/')
      .set('Authorization', `Bearer ${t.users.owner.token}`)
      .send({ site_id: t.otherSiteId, name: `Gone ${randomUUID().slice(0, 4)}`, is_active: false })
      .expect(201);
    return { path: `/auth/sectors/${response.body.data.id}` };
  },
  listSiteAccess: (_ctx, t) => ({ path: '/auth/site-access', query: { site_id: t.siteId } }),
  grantSiteAccess: async (ctx, t) => ({ path: '/auth/site-access', body: { site_id: t.otherSiteId, user_id: await freshUser(ctx, t) } }),
  revokeSiteAccess: async (ctx, t) => {
    const response = await ctx.http
      .post('/api/v1/auth/site-access/')
      .set('Authorization', `Bearer ${t.users.owner.token}`)
      .send({ site_id: t.otherSiteId, user_id: await freshUser(ctx, t) })
      .expect(201);
    return { path: `/auth/site-access/${response.body.data.id}` };
  },
  listIndustries: () => ({ path: '/auth/industries' }),
  getIndustry: async (ctx) => {
    const [row] = (await ctx.services
      .knex('industries')
      .insert({ name: 'Walk industry', slug: `walk-${randomUUID()}`, isActive: true, createdAt: new Date(), updatedAt: new Date() })) as number[];
    return { path: `/auth/industries/${row}` };
  },
  createIndustry: () => ({
    path: '/auth/industries',
    body: { name: `Industry ${randomUUID().slice(0, 6)}`, sectors: [{ name: 'One' }] },
    as: 'developer',
  }),
  updateIndustry: async (ctx) => {
    const [row] = (await ctx.services
      .knex('industries')
      .insert({ name: 'Walk industry 2', slug: `walk-${randomUUID()}`, isActive: true, createdAt: new Date(), updatedAt: new Date() })) as number[];
    return { path: `/auth/industries/${row}`, body: { description: 'Curated' }, as: 'developer' };
  },
  deleteIndustry: async (ctx) => {
    const [row] = (await ctx.services
      .knex('industries')
      .insert({ name: 'Walk industry 3', slug: `walk-${randomUUID()}`, isActive: true, createdAt: new Date(), updatedAt: new Date() })) as number[];
    return { path: `/auth/industries/${row}`, as: 'developer' };
  },
};
