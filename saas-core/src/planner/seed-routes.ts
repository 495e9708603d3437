import { z } from 'zod';
import { IndustrySector, SeedKeyword } from '../industries/models';
import { listPage, orderingQuery, paginationQuery, searchQuery } from '../platform/http/list';
import { defineRoute } from '../platform/http/route';
import { iso, idParam } from '../platform/http/schemas';
import { addSeedKeywordsToSector, importSeedKeywords } from './commands/seed-keywords';
import { KEYWORD_INTENTS } from './models';
import { plannerPolicies } from './policies';
import { NotFoundError } from '../platform/errors';

const tags = ['planner: seed keywords'];
const throttle = 'planner';

const SeedKeywordOut = z.object({
  id: z.number().int(),
  industry_id: z.number().int(),
  industry_sector_id: z.number().int(),
  keyword: z.string(),
  volume: z.number().int().nullable(),
  difficulty: z.number().int().nullable(),
  intent: z.string().nullable(),
  created_at: z.string(),
});

function presentSeedKeyword(seed: SeedKeyword): z.input<typeof SeedKeywordOut> {
  return {
    id: seed.id,
    industry_id: seed.industryId,
    industry_sector_id: seed.industrySectorId,
    keyword: seed.keyword,
    volume: seed.volume,
    difficulty: seed.difficulty,
    intent: seed.intent,
    created_at: iso(seed.createdAt)!,
  };
}

export const seedKeywordRoutes = [
  defineRoute({
    method: 'get',
    path: '/planner/seed-keywords',
    operationId: 'listSeedKeywords',
    summary: 'Browse the seed keyword library by industry and industry sector',
    tags,
    throttle,
    auth: 'user_or_api_key',
    policy: plannerPolicies.read,
    query: z.object({
      ...paginationQuery,
      ...searchQuery,
      industry_id: idParam.optional(),
      industry_sector_id: idParam.optional(),
      intent: z.enum(KEYWORD_INTENTS).optional(),
      ordering: orderingQuery({ keyword: 'keyword', volume: 'volume', difficulty: 'difficulty' }, '-volume'),
    }),
    response: { kind: 'page', status: 200, item: SeedKeywordOut },
    async handler({ query, services }) {
      const builder = SeedKeyword.query(services.knex).where('seed_keywords.isActive', true);
      if (query.industry_id) builder.where('seed_keywords.industryId', query.industry_id);
      if (query.industry_sector_id) builder.where('seed_keywords.industrySectorId', query.industry_sector_id);
      if (query.intent) builder.where('seed_keywords.intent', query.intent);
      const page = await listPage(builder, query, ['keyword']);
      return { count: page.count, results: page.results.map(presentSeedKeyword) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/planner/seed-keywords/add_to_sector',
    operationId: 'addSeedKeywordsToSector',
    summary: 'Add library keywords to one of your sectors',
    tags,
    throttle,
    auth: 'user_or_api_key',
    policy: plannerPolicies.write,
    body: z.object({ site_id: idParam, sector_id: idParam, seed_keyword_ids: z.array(idParam).min(1).max(1000) }),
    refs: { 'body.site_id': 'site', 'body.sector_id': 'sector' },
    response: {
      kind: 'data',
      status: 201,
      schema: z.object({ created: z.number().int(), duplicates: z.number().int() }),
      message: 'Seed keywords added.',
    },
    async handler({ body, scope, services }) {
      return addSeedKeywordsToSector(services.knex, scope, { siteId: body.site_id, sectorId: body.sector_id, seedKeywordIds: body.seed_keyword_ids });
    },
  }),
  defineRoute({
    method: 'post',
    path: '/planner/seed-keywords/import_csv',
    operationId: 'importSeedKeywordsCsv',
    summary: 'Platform team: import a keyword CSV into the seed library of one industry sector',
    tags,
    throttle,
    auth: 'user',
    policy: plannerPolicies.curateSeeds,
    query: z.object({ industry_sector_id: idParam }),
    upload: { contentTypes: ['text/csv', 'text/plain', 'text/tab-separated-values', 'application/octet-stream'], description: 'The CSV file itself' },
    response: {
      kind: 'data',
      status: 200,
      schema: z.object({
        created: z.number().int(),
        updated: z.number().int(),
        duplicates: z.number().int(),
        errors: z.array(z.object({ line: z.number().int(), reason: z.string() })),
      }),
    },
    async handler({ query, services, ctx }) {
      if (!(await IndustrySector.query(services.knex).findById(query.industry_sector_id))) throw new NotFoundError('Industry sector');
      return importSeedKeywords(services.knex, query.industry_sector_id, ctx.req);
    },
  }),
];
