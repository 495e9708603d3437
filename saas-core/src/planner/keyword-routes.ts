import type { Knex } from 'knex';
import { z } from 'zod';
import { whereContains } from '../platform/db';
import type { QueryBuilder } from 'objection';
import { listPage, orderingQuery, paginationQuery, searchQuery } from '../platform/http/list';
import { defineRoute } from '../platform/http/route';
import { changesOf, idParam, idParams } from '../platform/http/schemas';
import type { TenantScope } from '../platform/tenancy/actor';
import { writeCsv } from './csv-io';
import { bulkCreateKeywords, createKeyword, deleteKeywords, requireKeyword, updateKeyword, updateKeywordStatuses } from './commands/keywords';
import { requireKeywordImport, startKeywordImport } from './commands/import-keywords';
import { ClusterKeyword, Keyword, KEYWORD_INTENTS, KEYWORD_SOURCES, KEYWORD_STATUSES, KeywordImport } from './models';
import { plannerPolicies } from './policies';
import { KeywordImportOut, KeywordOut, presentKeyword, presentKeywordImport } from './presenters';

const tags = ['planner: keywords'];
const throttle = 'planner';

const metrics = {
  volume: z.number().int().min(0).max(2_000_000_000).nullable().optional(),
  difficulty: z.number().int().min(0).max(100).nullable().optional(),
  cpc: z.number().min(0).max(99_999_999).nullable().optional(),
  intent: z.enum(KEYWORD_INTENTS).nullable().optional(),
};
const keywordText = z.string().trim().min(1, 'The keyword is empty.').max(255);
const KeywordFields = { keyword: keywordText, ...metrics, status: z.enum(KEYWORD_STATUSES).optional() };
const sectorTarget = { site_id: idParam, sector_id: idParam };
const IdList = z.array(idParam).min(1).max(1000);

const KeywordFilters = z.object({
  ...searchQuery,
  status: z.enum(KEYWORD_STATUSES).optional(),
  source: z.enum(KEYWORD_SOURCES).optional(),
  intent: z.enum(KEYWORD_INTENTS).optional(),
  cluster_id: idParam.optional(),
  site_id: idParam.optional(),
  sector_id: idParam.optional(),
  difficulty_min: z.coerce.number().int().min(0).max(100).optional(),
  difficulty_max: z.coerce.number().int().min(0).max(100).optional(),
  volume_min: z.coerce.number().int().min(0).optional(),
  volume_max: z.coerce.number().int().min(0).optional(),
});
type KeywordFilterValues = z.output<typeof KeywordFilters>;

function filterKeywords(builder: QueryBuilder<Keyword, Keyword[]>, filters: KeywordFilterValues): QueryBuilder<Keyword, Keyword[]> {
  if (filters.status) builder.where('keywords.status', filters.status);
  if (filters.source) builder.where('keywords.source', filters.source);
  if (filters.intent) builder.where('keywords.intent', filters.intent);
  if (filters.site_id) builder.where('keywords.siteId', filters.site_id);
  if (filters.sector_id) builder.where('keywords.sectorId', filters.sector_id);
  if (filters.difficulty_min !== undefined) builder.where('keywords.difficulty', '>=', filters.difficulty_min);
  if (filters.difficulty_max !== undefined) builder.where('keywords.difficulty', '<=', filters.difficulty_max);
  if (filters.volume_min !== undefined) builder.where('keywords.volume', '>=', filters.volume_min);
  if (filters.volume_max !== undefined) builder.where('keywords.volume', '<=', filters.volume_max);
  if (filters.cluster_id) {
    const clusterId = filters.cluster_id;
    builder.whereRaw('exists (select 1 from cluster_keywords ck where ck.keyword_id = keywords.id and ck.cluster_id = ?)', [clusterId]);
  }
  return builder;
}

/** Each keyword's clusters, read in one query for a page of keywords. */
async function withClusterIds(knex: Knex, scope: TenantScope, keywords: Keyword[]): Promise<Keyword[]> {
  if (keywords.length === 0) return keywords;
  const links = await ClusterKeyword.query(knex)
    .forTenant(scope)
    .whereIn(
      'keywordId',
      keywords.map((keyword) => keyword.id),
    )
    .select('keywordId', 'clusterId')
    .orderBy('clusterId');
  for (const keyword of keywords) keyword.clusterIds = links.filter((link) => link.keywordId === keyword.id).map((link) => link.clusterId);
  return keywords;
}

/** Keyset pages over the filtered keywords, so an export of any size holds one page in memory. */
async function* keywordRows(knex: Knex, scope: TenantScope, filters: KeywordFilterValues): AsyncGenerator<unknown[]> {
  let lastId = 0;
  for (;;) {
    const builder = filterKeywords(Keyword.query(knex).forTenant(scope), filters);
    if (filters.search) whereContains(builder as unknown as Knex.QueryBuilder, ['keywords.keyword'], filters.search);
    const page = await builder.where('keywords.id', '>', lastId).orderBy('keywords.id').limit(1000);
    for (const keyword of page) {
      yield [
        keyword.keyword,
        keyword.volume,
        keyword.difficulty,
        keyword.cpc === null ? null : Number(keyword.cpc),
        keyword.intent,
        keyword.status,
        keyword.source,
        keyword.createdAt.toISOString(),
      ];
    }
    if (page.length < 1000) return;
    lastId = page[page.length - 1]!.id;
  }
}

export const keywordRoutes = [
  defineRoute({
    method: 'get',
    path: '/planner/keywords',
    operationId: 'listKeywords',
    summary: 'List keywords with filters, search and ordering',
    tags,
    throttle,
    auth: 'user_or_api_key',
    policy: plannerPolicies.read,
    query: KeywordFilters.extend({
      ...paginationQuery,
      ordering: orderingQuery(
        { created_at: 'createdAt', updated_at: 'updatedAt', volume: 'volume', difficulty: 'difficulty', keyword: 'keyword', cpc: 'cpc' },
        '-created_at',
      ),
    }),
    response: { kind: 'page', status: 200, item: KeywordOut },
    async handler({ query, scope, services }) {
      const page = await listPage(filterKeywords(Keyword.query(services.knex).forTenant(scope), query), query, ['keyword']);
      return { count: page.count, results: (await withClusterIds(services.knex, scope, page.results)).map(presentKeyword) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/planner/keywords',
    operationId: 'createKeyword',
    summary: 'Add a keyword to a sector',
    tags,
    throttle,
    auth: 'user_or_api_key',
    policy: plannerPolicies.write,
    body: z.object({ ...sectorTarget, ...KeywordFields }),
    refs: { 'body.site_id': 'site', 'body.sector_id': 'sector' },
    response: { kind: 'data', status: 201, schema: KeywordOut, message: 'Keyword added.' },
    async handler({ body, scope, services }) {
      const keyword = await createKeyword(services.knex, scope, { ...body, siteId: body.site_id, sectorId: body.sector_id });
      return presentKeyword(keyword);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/planner/keywords/bulk_create',
    operationId: 'bulkCreateKeywords',
    summary: 'Add up to 5,000 keywords at once (duplicates are counted, not errors)',
    tags,
    throttle,
    auth: 'user_or_api_key',
    policy: plannerPolicies.write,
    body: z.object({ ...sectorTarget, keywords: z.array(z.object(KeywordFields)).min(1).max(5000) }),
    refs: { 'body.site_id': 'site', 'body.sector_id': 'sector' },
    response: {
      kind: 'data',
      status: 201,
      schema: z.object({ created: z.number().int(), updated: z.number().int(), duplicates: z.number().int() }),
      message: 'Keywords added.',
    },
    async handler({ body, scope, services }) {
      return bulkCreateKeywords(services.knex, scope, { siteId: body.site_id, sectorId: body.sector_id, keywords: body.keywords });
    },
  }),
  defineRoute({
    method: 'post',
    path: '/planner/keywords/bulk_delete',
    operationId: 'bulkDeleteKeywords',
    summary: 'Delete keywords by id',
    tags,
    throttle,
    auth: 'user_or_api_key',
    policy: plannerPolicies.write,
    body: z.object({ ids: IdList }),
    refs: { 'body.ids[]': 'keyword' },
    response: { kind: 'data', status: 200, schema: z.object({ deleted: z.number().int(), not_found: z.array(z.number().int()) }) },
    async handler({ body, scope, services }) {
      const outcome = await deleteKeywords(services.knex, scope, body.ids);
      return { deleted: outcome.deleted, not_found: outcome.notFound };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/planner/keywords/bulk_update_status',
    operationId: 'bulkUpdateKeywordStatus',
    summary: 'Set the status of keywords by id',
    tags,
    throttle,
    auth: 'user_or_api_key',
    policy: plannerPolicies.write,
    body: z.object({ ids: IdList, status: z.enum(KEYWORD_STATUSES) }),
    refs: { 'body.ids[]': 'keyword' },
    response: { kind: 'data', status: 200, schema: z.object({ updated: z.number().int(), not_found: z.array(z.number().int()) }) },
    async handler({ body, scope, services }) {
      const outcome = await updateKeywordStatuses(services.knex, scope, body.ids, body.status);
      return { updated: outcome.updated, not_found: outcome.notFound };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/planner/keywords/import_csv',
    operationId: 'importKeywordsCsv',
    summary: 'Import a keyword CSV (Ahrefs, Semrush, Search Console, Keyword Planner exports)',
    description:
      'Send the file as the request body. UTF-8 (with or without BOM) and UTF-16; comma, semicolon or tab separated. ' +
      'Small files are imported at once (`status: completed`); larger ones are queued (`status: queued`): follow ' +
      '`GET /planner/keyword-imports/{id}/` for progress. Bad rows are reported with their line; every valid row is kept.',
    tags,
    throttle,
    auth: 'user_or_api_key',
    policy: plannerPolicies.write,
    query: z.object({ ...sectorTarget, file_name: z.string().trim().min(1).max(255).default('keywords.csv') }),
    upload: {
      contentTypes: ['text/csv', 'text/plain', 'text/tab-separated-values', 'application/vnd.ms-excel', 'application/octet-stream'],
      description: 'The CSV file itself',
    },
    refs: { 'query.site_id': 'site', 'query.sector_id': 'sector' },
    response: { kind: 'data', status: 200, schema: KeywordImportOut },
    async handler({ query, actor, scope, services, ctx }) {
      const keywordImport = await startKeywordImport(services, actor, scope, {
        siteId: query.site_id,
        sectorId: query.sector_id,
        fileName: query.file_name,
        upload: ctx.req,
      });
      return presentKeywordImport(keywordImport);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/planner/keywords/export_csv',
    operationId: 'exportKeywordsCsv',
    summary: 'Download keywords as CSV (takes the list filters)',
    tags,
    throttle,
    auth: 'user_or_api_key',
    policy: plannerPolicies.read,
    query: KeywordFilters,
    response: { kind: 'file', status: 200, contentTypes: ['text/csv'] },
    async handler({ query, scope, services, ctx }) {
      const header = ['Keyword', 'Volume', 'Difficulty', 'CPC', 'Intent', 'Status', 'Source', 'Created at'];
      ctx.type = 'text/csv; charset=utf-8';
      ctx.attachment(`keywords-${new Date().toISOString().slice(0, 10)}.csv`);
      ctx.set('Cache-Control', 'no-store');
      ctx.body = writeCsv(header, keywordRows(services.knex, scope, query));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/planner/keywords/{id}',
    operationId: 'getKeyword',
    summary: 'One keyword',
    tags,
    throttle,
    auth: 'user_or_api_key',
    policy: plannerPolicies.read,
    params: idParams,
    refs: { 'params.id': 'keyword' },
    response: { kind: 'data', status: 200, schema: KeywordOut },
    async handler({ params, scope, services }) {
      const [keyword] = await withClusterIds(services.knex, scope, [await requireKeyword(services.knex, scope, params.id)]);
      return presentKeyword(keyword!);
    },
  }),
  defineRoute({
    method: 'patch',
    path: '/planner/keywords/{id}',
    operationId: 'updateKeyword',
    summary: 'Change a keyword',
    tags,
    throttle,
    auth: 'user_or_api_key',
    policy: plannerPolicies.write,
    params: idParams,
    body: changesOf(KeywordFields),
    refs: { 'params.id': 'keyword' },
    response: { kind: 'data', status: 200, schema: KeywordOut, message: 'Keyword updated.' },
    async handler({ params, body, scope, services }) {
      const keyword = await updateKeyword(services.knex, scope, params.id, body);
      return presentKeyword((await withClusterIds(services.knex, scope, [keyword]))[0]!);
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/planner/keywords/{id}',
    operationId: 'deleteKeyword',
    summary: 'Delete a keyword (it leaves its clusters)',
    tags,
    throttle,
    auth: 'user_or_api_key',
    policy: plannerPolicies.write,
    params: idParams,
    refs: { 'params.id': 'keyword' },
    response: { kind: 'empty', status: 200, message: 'Keyword deleted.' },
    async handler({ params, scope, services }) {
      const keyword = await requireKeyword(services.knex, scope, params.id);
      await deleteKeywords(services.knex, scope, [keyword.id]);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/planner/keyword-imports',
    operationId: 'listKeywordImports',
    summary: 'Recent keyword imports',
    tags,
    throttle,
    auth: 'user_or_api_key',
    policy: plannerPolicies.read,
    query: z.object({ ...paginationQuery, site_id: idParam.optional(), ordering: orderingQuery({ created_at: 'createdAt' }, '-created_at') }),
    response: { kind: 'page', status: 200, item: KeywordImportOut },
    async handler({ query, scope, services }) {
      const builder = KeywordImport.query(services.knex).forTenant(scope);
      if (query.site_id) builder.where('siteId', query.site_id);
      const page = await listPage(builder, query);
      return { count: page.count, results: page.results.map(presentKeywordImport) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/planner/keyword-imports/{id}',
    operationId: 'getKeywordImport',
    summary: 'A keyword import: status, progress, counts and bad rows',
    tags,
    throttle,
    auth: 'user_or_api_key',
    policy: plannerPolicies.read,
    params: idParams,
    refs: { 'params.id': 'keyword_import' },
    response: { kind: 'data', status: 200, schema: KeywordImportOut },
    async handler({ params, scope, services }) {
      return presentKeywordImport(await requireKeywordImport(services.knex, scope, params.id));
    },
  }),
];
