import { z } from 'zod';
import { NotFoundError } from '../platform/errors';
import { listPage, orderingQuery, paginationQuery, searchQuery } from '../platform/http/list';
import { defineRoute } from '../platform/http/route';
import { booleanQuery, idParams, slugify } from '../platform/http/schemas';
import { Industry, IndustrySector } from './models';
import { industryPolicies } from './policies';

const tags = ['industries'];

const IndustrySectorOut = z.object({ id: z.number().int(), name: z.string(), slug: z.string(), description: z.string().nullable() });
const IndustryOut = z.object({
  id: z.number().int(),
  name: z.string(),
  slug: z.string(),
  description: z.string().nullable(),
  is_active: z.boolean(),
  sectors: z.array(IndustrySectorOut),
});

function presentIndustry(industry: Industry): z.input<typeof IndustryOut> {
  return {
    id: industry.id,
    name: industry.name,
    slug: industry.slug,
    description: industry.description,
    is_active: industry.isActive,
    sectors: (industry.sectors ?? []).map((sector) => ({ id: sector.id, name: sector.name, slug: sector.slug, description: sector.description })),
  };
}

const SectorIn = z.object({ name: z.string().trim().min(1).max(120), description: z.string().max(2000).nullable().optional() });
const IndustryBody = z.object({
  name: z.string().trim().min(1).max(120),
  description: z.string().max(5000).nullable().optional(),
  is_active: z.boolean().optional(),
  sectors: z.array(SectorIn).max(100).optional().describe('Sectors to add (existing ones are kept)'),
});

async function addSectors(
  industry: Industry,
  sectors: z.output<typeof SectorIn>[] | undefined,
  trx: Parameters<typeof Industry.query>[0],
): Promise<void> {
  for (const sector of sectors ?? []) {
    const slug = slugify(sector.name);
    if (await IndustrySector.query(trx).findOne({ industryId: industry.id, slug })) continue;
    await IndustrySector.query(trx).insert({
      industryId: industry.id,
      name: sector.name,
      slug,
      description: sector.description ?? null,
      isActive: true,
    });
  }
}

export const industryRoutes = [
  defineRoute({
    method: 'get',
    path: '/auth/industries',
    operationId: 'listIndustries',
    summary: 'The industry library with its sectors',
    tags,
    auth: 'user_or_api_key',
    policy: industryPolicies.read,
    query: z.object({
      ...paginationQuery,
      ...searchQuery,
      is_active: booleanQuery.optional(),
      ordering: orderingQuery({ name: 'name', created_at: 'createdAt' }, 'name'),
    }),
    response: { kind: 'page', status: 200, item: IndustryOut },
    async handler({ query, services }) {
      const builder = Industry.query(services.knex)
        .withGraphFetched('sectors(ordered)')
        .modifiers({ ordered: (qb) => qb.orderBy('name') });
      if (query.is_active !== undefined) builder.where('isActive', query.is_active);
      const page = await listPage(builder, query, ['name', 'slug']);
      return { count: page.count, results: page.results.map(presentIndustry) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/auth/industries/{id}',
    operationId: 'getIndustry',
    summary: 'One industry with its sectors',
    tags,
    auth: 'user_or_api_key',
    policy: industryPolicies.read,
    params: idParams,
    response: { kind: 'data', status: 200, schema: IndustryOut },
    async handler({ params, services }) {
      const industry = await Industry.query(services.knex).findById(params.id).withGraphFetched('sectors');
      if (!industry) throw new NotFoundError('Industry');
      return presentIndustry(industry);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/auth/industries',
    operationId: 'createIndustry',
    summary: 'Add an industry to the library',
    tags,
    auth: 'user',
    policy: industryPolicies.manage,
    body: IndustryBody,
    response: { kind: 'data', status: 201, schema: IndustryOut, message: 'Industry created.' },
    async handler({ body, services }) {
      const industry = await services.knex.transaction(async (trx) => {
        const created = await Industry.query(trx).insertAndFetch({
          name: body.name,
          slug: slugify(body.name),
          description: body.description ?? null,
          isActive: body.is_active ?? true,
        });
        await addSectors(created, body.sectors, trx);
        return (await Industry.query(trx).findById(created.id).withGraphFetched('sectors')) as Industry;
      });
      return presentIndustry(industry);
    },
  }),
  defineRoute({
    method: 'patch',
    path: '/auth/industries/{id}',
    operationId: 'updateIndustry',
    summary: 'Change an industry or add sectors to it',
    tags,
    auth: 'user',
    policy: industryPolicies.manage,
    params: idParams,
    body: IndustryBody.partial().refine((body) => Object.keys(body).length > 0, 'Send at least one field to change.'),
    response: { kind: 'data', status: 200, schema: IndustryOut, message: 'Industry updated.' },
    async handler({ params, body, services }) {
      const industry = await services.knex.transaction(async (trx) => {
        const existing = await Industry.query(trx).findById(params.id);
        if (!existing) throw new NotFoundError('Industry');
        const patch = {
          ...(body.name ? { name: body.name } : {}),
          ...(body.description !== undefined ? { description: body.description } : {}),
          ...(body.is_active !== undefined ? { isActive: body.is_active } : {}),
        };
        if (Object.keys(patch).length > 0) await Industry.query(trx).patch(patch).where({ id: existing.id });
        await addSectors(existing, body.sectors, trx);
        return (await Industry.query(trx).findById(existing.id).withGraphFetched('sectors')) as Industry;
      });
      return presentIndustry(industry);
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/auth/industries/{id}',
    operationId: 'deleteIndustry',
    summary: 'Remove an industry (sites that used it keep working without one)',
    tags,
    auth: 'user',
    policy: industryPolicies.manage,
    params: idParams,
    response: { kind: 'empty', status: 200, message: 'Industry deleted.' },
    async handler({ params, services }) {
      const deleted = await Industry.query(services.knex).deleteById(params.id);
      if (deleted === 0) throw new NotFoundError('Industry');
    },
  }),
];
