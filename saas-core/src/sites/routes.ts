import { z } from 'zod';
import { NotFoundError } from '../platform/errors';
import { listPage, orderingQuery, paginationQuery, searchQuery } from '../platform/http/list';
import { defineRoute } from '../platform/http/route';
import { changesOf, booleanQuery, idParam, idParams } from '../platform/http/schemas';
import {
  createApiKey,
  createSector,
  createSite,
  deleteSector,
  deleteSite,
  grantSiteAccess,
  requireSite,
  revokeApiKey,
  revokeSiteAccess,
  updateSector,
  updateSite,
} from './commands/manage-sites';
import { User } from '../users/models';
import { ApiKey, Sector, Site, SiteUserAccess } from './models';
import { sitePolicies } from './policies';
import {
  ApiKeyOut,
  CreatedApiKeyOut,
  presentApiKey,
  presentSector,
  presentSite,
  presentSiteAccess,
  SectorOut,
  SiteAccessOut,
  SiteOut,
} from './presenters';

const domain = z
  .string()
  .trim()
  .max(255)
  .regex(/^(https?:\/\/)?[a-z0-9.-]+(:\d+)?(\/.*)?$/i, 'Enter a domain such as example.com or https://example.com.')
  .nullable();
const SiteFields = {
  name: z.string().trim().min(1).max(160),
  domain: domain.optional(),
  description: z.string().max(5000).nullable().optional(),
  industry_id: idParam.nullable().optional(),
  is_active: z.boolean().optional(),
  status: z.enum(['active', 'inactive', 'suspended']).optional(),
};
const CreateSiteBody = z.object({ ...SiteFields, account_id: idParam.optional().describe('Developers only: create in this account') });
const UpdateSiteBody = changesOf(SiteFields);

const siteProps = (body: z.output<typeof UpdateSiteBody>) => ({
  name: body.name,
  domain: body.domain,
  description: body.description,
  industryId: body.industry_id,
  isActive: body.is_active,
  status: body.status,
});

export const siteRoutes = [
  defineRoute({
    method: 'get',
    path: '/auth/sites',
    operationId: 'listSites',
    summary: 'List the sites you can reach',
    tags: ['sites'],
    auth: 'user_or_api_key',
    policy: sitePolicies.read,
    query: z.object({
      ...paginationQuery,
      ...searchQuery,
      is_active: booleanQuery.optional(),
      industry_id: idParam.optional(),
      ordering: orderingQuery({ name: 'name', created_at: 'createdAt', updated_at: 'updatedAt' }, 'name'),
    }),
    response: { kind: 'page', status: 200, item: SiteOut },
    async handler({ query, scope, services }) {
      const builder = Site.query(services.knex).forTenant(scope);
      if (query.is_active !== undefined) builder.where('isActive', query.is_active);
      if (query.industry_id) builder.where('industryId', query.industry_id);
      const page = await listPage(builder, query, ['name', 'domain', 'slug']);
      return { count: page.count, results: page.results.map(presentSite) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/auth/sites',
    operationId: 'createSite',
    summary: 'Create a site (counts against the plan)',
    tags: ['sites'],
    auth: 'user',
    policy: sitePolicies.manage,
    body: CreateSiteBody,
    refs: { 'body.account_id': 'account' },
    response: { kind: 'data', status: 201, schema: SiteOut, message: 'Site created.' },
    async handler({ body, actor, scope, services }) {
      return presentSite(await createSite(services.knex, actor, scope, { ...siteProps(body), name: body.name, accountId: body.account_id }));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/auth/sites/{id}',
    operationId: 'getSite',
    summary: 'One site',
    tags: ['sites'],
    auth: 'user_or_api_key',
    policy: sitePolicies.read,
    params: idParams,
    refs: { 'params.id': 'site' },
    response: { kind: 'data', status: 200, schema: SiteOut },
    async handler({ params, scope, services }) {
      const site = await Site.query(services.knex).forTenant(scope).findById(params.id);
      if (!site) throw new NotFoundError('Site');
      return presentSite(site);
    },
  }),
  defineRoute({
    method: 'patch',
    path: '/auth/sites/{id}',
    operationId: 'updateSite',
    summary: 'Change a site',
    tags: ['sites'],
    auth: 'user',
    policy: sitePolicies.manage,
    params: idParams,
    body: UpdateSiteBody,
    refs: { 'params.id': 'site' },
    response: { kind: 'data', status: 200, schema: SiteOut, message: 'Site updated.' },
    async handler({ params, body, scope, services }) {
      return presentSite(await updateSite(services.knex, scope, params.id, siteProps(body)));
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/auth/sites/{id}',
    operationId: 'deleteSite',
    summary: 'Delete a site with its sectors, grants and keys',
    tags: ['sites'],
    auth: 'user',
    policy: sitePolicies.manage,
    params: idParams,
    refs: { 'params.id': 'site' },
    response: { kind: 'empty', status: 200, message: 'Site deleted.' },
    async handler({ params, scope, services }) {
      await deleteSite(services.knex, scope, params.id);
    },
  }),
];

const SiteKeyParams = z.object({ id: idParam, key_id: idParam });

export const apiKeyRoutes = [
  defineRoute({
    method: 'get',
    path: '/auth/sites/{id}/api-keys',
    operationId: 'listApiKeys',
    summary: 'List a site’s API keys (never the keys themselves)',
    tags: ['api-keys'],
    auth: 'user',
    policy: sitePolicies.manageKeys,
    params: idParams,
    query: z.object({
      ...paginationQuery,
      include_revoked: booleanQuery.optional(),
      ordering: orderingQuery({ created_at: 'createdAt', name: 'name', last_used_at: 'lastUsedAt' }, '-created_at'),
    }),
    refs: { 'params.id': 'site' },
    response: { kind: 'page', status: 200, item: ApiKeyOut },
    async handler({ params, query, scope, services }) {
      await requireSite(services.knex, scope, params.id);
      const builder = ApiKey.query(services.knex).forTenant(scope).where({ siteId: params.id });
      if (!query.include_revoked) builder.whereNull('revokedAt');
      const page = await listPage(builder, query);
      return { count: page.count, results: page.results.map(presentApiKey) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/auth/sites/{id}/api-keys',
    operationId: 'createApiKey',
    summary: 'Create a site API key for the WordPress bridge; the key is shown once',
    tags: ['api-keys'],
    auth: 'user',
    policy: sitePolicies.manageKeys,
    params: idParams,
    body: z.object({ name: z.string().trim().min(1).max(120).default('WordPress bridge') }),
    refs: { 'params.id': 'site' },
    response: { kind: 'data', status: 201, schema: CreatedApiKeyOut, message: 'Copy the key now: it will not be shown again.' },
    async handler({ params, body, actor, scope, services }) {
      const { apiKey, key } = await createApiKey(services.knex, actor, scope, params.id, body.name);
      return { ...presentApiKey(apiKey), key };
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/auth/sites/{id}/api-keys/{key_id}',
    operationId: 'revokeApiKey',
    summary: 'Revoke a site API key; it stops working at once',
    tags: ['api-keys'],
    auth: 'user',
    policy: sitePolicies.manageKeys,
    params: SiteKeyParams,
    refs: { 'params.id': 'site', 'params.key_id': 'api_key' },
    response: { kind: 'empty', status: 200, message: 'API key revoked.' },
    async handler({ params, scope, services }) {
      await revokeApiKey(services.knex, scope, params.id, params.key_id);
    },
  }),
];

const SectorFields = {
  name: z.string().trim().min(1).max(120),
  description: z.string().max(5000).nullable().optional(),
  industry_sector_id: idParam.nullable().optional(),
  is_active: z.boolean().optional(),
};
const sectorProps = (body: Partial<{ name: string; description: string | null; industry_sector_id: number | null; is_active: boolean }>) => ({
  name: body.name,
  description: body.description,
  industrySectorId: body.industry_sector_id,
  isActive: body.is_active,
});

export const sectorRoutes = [
  defineRoute({
    method: 'get',
    path: '/auth/sectors',
    operationId: 'listSectors',
    summary: 'List sectors of the sites you can reach',
    tags: ['sectors'],
    auth: 'user_or_api_key',
    policy: sitePolicies.read,
    query: z.object({
      ...paginationQuery,
      ...searchQuery,
      site_id: idParam.optional(),
      is_active: booleanQuery.optional(),
      ordering: orderingQuery({ name: 'name', created_at: 'createdAt' }, 'name'),
    }),
    refs: { 'query.site_id': 'site' },
    response: { kind: 'page', status: 200, item: SectorOut },
    async handler({ query, scope, services }) {
      if (query.site_id) await requireSite(services.knex, scope, query.site_id);
      const builder = Sector.query(services.knex).forTenant(scope);
      if (query.site_id) builder.where('siteId', query.site_id);
      if (query.is_active !== undefined) builder.where('isActive', query.is_active);
      const page = await listPage(builder, query, ['name']);
      return { count: page.count, results: page.results.map(presentSector) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/auth/sectors',
    operationId: 'createSector',
    summary: `Add a sector to a site (at most 5 active per site)`,
    tags: ['sectors'],
    auth: 'user',
    policy: sitePolicies.manage,
    body: z.object({ site_id: idParam, ...SectorFields }),
    refs: { 'body.site_id': 'site' },
    response: { kind: 'data', status: 201, schema: SectorOut, message: 'Sector created.' },
    async handler({ body, scope, services }) {
      return presentSector(await createSector(services.knex, scope, body.site_id, { ...sectorProps(body), name: body.name }));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/auth/sectors/{id}',
    operationId: 'getSector',
    summary: 'One sector',
    tags: ['sectors'],
    auth: 'user_or_api_key',
    policy: sitePolicies.read,
    params: idParams,
    refs: { 'params.id': 'sector' },
    response: { kind: 'data', status: 200, schema: SectorOut },
    async handler({ params, scope, services }) {
      const sector = await Sector.query(services.knex).forTenant(scope).findById(params.id);
      if (!sector) throw new NotFoundError('Sector');
      return presentSector(sector);
    },
  }),
  defineRoute({
    method: 'patch',
    path: '/auth/sectors/{id}',
    operationId: 'updateSector',
    summary: 'Change a sector',
    tags: ['sectors'],
    auth: 'user',
    policy: sitePolicies.manage,
    params: idParams,
    body: changesOf(SectorFields),
    refs: { 'params.id': 'sector' },
    response: { kind: 'data', status: 200, schema: SectorOut, message: 'Sector updated.' },
    async handler({ params, body, scope, services }) {
      return presentSector(await updateSector(services.knex, scope, params.id, sectorProps(body)));
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/auth/sectors/{id}',
    operationId: 'deleteSector',
    summary: 'Delete a sector',
    tags: ['sectors'],
    auth: 'user',
    policy: sitePolicies.manage,
    params: idParams,
    refs: { 'params.id': 'sector' },
    response: { kind: 'empty', status: 200, message: 'Sector deleted.' },
    async handler({ params, scope, services }) {
      await deleteSector(services.knex, scope, params.id);
    },
  }),
];

export const siteAccessRoutes = [
  defineRoute({
    method: 'get',
    path: '/auth/site-access',
    operationId: 'listSiteAccess',
    summary: 'List which editors and viewers may reach which sites',
    tags: ['site-access'],
    auth: 'user',
    policy: sitePolicies.manageAccess,
    query: z.object({
      ...paginationQuery,
      site_id: idParam.optional(),
      user_id: idParam.optional(),
      ordering: orderingQuery({ created_at: 'createdAt' }, '-created_at'),
    }),
    refs: { 'query.site_id': 'site', 'query.user_id': 'user' },
    response: { kind: 'page', status: 200, item: SiteAccessOut },
    async handler({ query, scope, services }) {
      if (query.site_id) await requireSite(services.knex, scope, query.site_id);
      if (query.user_id && !(await User.query(services.knex).forTenant(scope).findById(query.user_id))) throw new NotFoundError('User');
      const builder = SiteUserAccess.query(services.knex).forTenant(scope);
      if (query.site_id) builder.where('siteId', query.site_id);
      if (query.user_id) builder.where('userId', query.user_id);
      const page = await listPage(builder, query);
      return { count: page.count, results: page.results.map(presentSiteAccess) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/auth/site-access',
    operationId: 'grantSiteAccess',
    summary: 'Grant an editor or viewer one site',
    tags: ['site-access'],
    auth: 'user',
    policy: sitePolicies.manageAccess,
    body: z.object({ site_id: idParam, user_id: idParam }),
    refs: { 'body.site_id': 'site', 'body.user_id': 'user' },
    response: { kind: 'data', status: 201, schema: SiteAccessOut, message: 'Access granted.' },
    async handler({ body, actor, scope, services }) {
      return presentSiteAccess(await grantSiteAccess(services.knex, actor, scope, body.site_id, body.user_id));
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/auth/site-access/{id}',
    operationId: 'revokeSiteAccess',
    summary: 'Take a site grant away',
    tags: ['site-access'],
    auth: 'user',
    policy: sitePolicies.manageAccess,
    params: idParams,
    refs: { 'params.id': 'site_access' },
    response: { kind: 'empty', status: 200, message: 'Access revoked.' },
    async handler({ params, scope, services }) {
      await revokeSiteAccess(services.knex, scope, params.id);
    },
  }),
];
