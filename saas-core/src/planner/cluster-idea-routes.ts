import { z } from 'zod';
import { listPage, orderingQuery, paginationQuery, searchQuery } from '../platform/http/list';
import { defineRoute } from '../platform/http/route';
import { changesOf, idParam, idParams } from '../platform/http/schemas';
import {
  addClusterKeywords,
  createCluster,
  deleteCluster,
  removeClusterKeywords,
  requireCluster,
  updateCluster,
  withKeywordTotals,
} from './commands/clusters';
import { createIdea, createTasksFromIdeas, deleteIdea, requireIdea, updateIdea } from './commands/ideas';
import { Cluster, CLUSTER_STATUSES, CONTENT_STRUCTURES, CONTENT_TYPES, ContentIdea, IDEA_STATUSES } from './models';
import { plannerPolicies } from './policies';
import { ClusterOut, IdeaOut, OutlineSectionSchema, presentCluster, presentIdea } from './presenters';

const throttle = 'planner';
const sectorTarget = { site_id: idParam, sector_id: idParam };
const KeywordIds = z.object({ keyword_ids: z.array(idParam).min(1).max(1000) });

const ClusterFields = {
  name: z.string().trim().min(1).max(200),
  description: z.string().max(5000).nullable().optional(),
  status: z.enum(CLUSTER_STATUSES).optional(),
};

const clusterTags = ['planner: clusters'];

export const clusterRoutes = [
  defineRoute({
    method: 'get',
    path: '/planner/clusters',
    operationId: 'listClusters',
    summary: 'List clusters with their keyword count and total volume',
    tags: clusterTags,
    throttle,
    auth: 'user_or_api_key',
    policy: plannerPolicies.read,
    query: z.object({
      ...paginationQuery,
      ...searchQuery,
      status: z.enum(CLUSTER_STATUSES).optional(),
      site_id: idParam.optional(),
      sector_id: idParam.optional(),
      ordering: orderingQuery(
        { name: 'name', created_at: 'createdAt', updated_at: 'updatedAt', keywords_count: 'keywordsCount', total_volume: 'totalVolume' },
        '-created_at',
      ),
    }),
    response: { kind: 'page', status: 200, item: ClusterOut },
    async handler({ query, scope, services }) {
      const builder = withKeywordTotals(Cluster.query(services.knex).forTenant(scope));
      if (query.status) builder.where('clusters.status', query.status);
      if (query.site_id) builder.where('clusters.siteId', query.site_id);
      if (query.sector_id) builder.where('clusters.sectorId', query.sector_id);
      const page = await listPage(builder, query, ['name'], ['keywordsCount', 'totalVolume']);
      return { count: page.count, results: page.results.map(presentCluster) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/planner/clusters',
    operationId: 'createCluster',
    summary: 'Create a cluster, optionally with keywords',
    tags: clusterTags,
    throttle,
    auth: 'user_or_api_key',
    policy: plannerPolicies.write,
    body: z.object({ ...sectorTarget, ...ClusterFields, keyword_ids: z.array(idParam).max(1000).optional() }),
    refs: { 'body.site_id': 'site', 'body.sector_id': 'sector', 'body.keyword_ids[]': 'keyword' },
    response: { kind: 'data', status: 201, schema: ClusterOut, message: 'Cluster created.' },
    async handler({ body, scope, services }) {
      const cluster = await createCluster(services.knex, scope, {
        ...body,
        siteId: body.site_id,
        sectorId: body.sector_id,
        keywordIds: body.keyword_ids,
      });
      return presentCluster(cluster);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/planner/clusters/{id}',
    operationId: 'getCluster',
    summary: 'One cluster',
    tags: clusterTags,
    throttle,
    auth: 'user_or_api_key',
    policy: plannerPolicies.read,
    params: idParams,
    refs: { 'params.id': 'cluster' },
    response: { kind: 'data', status: 200, schema: ClusterOut },
    async handler({ params, scope, services }) {
      return presentCluster(await requireCluster(services.knex, scope, params.id));
    },
  }),
  defineRoute({
    method: 'patch',
    path: '/planner/clusters/{id}',
    operationId: 'updateCluster',
    summary: 'Change a cluster',
    tags: clusterTags,
    throttle,
    auth: 'user_or_api_key',
    policy: plannerPolicies.write,
    params: idParams,
    body: changesOf(ClusterFields),
    refs: { 'params.id': 'cluster' },
    response: { kind: 'data', status: 200, schema: ClusterOut, message: 'Cluster updated.' },
    async handler({ params, body, scope, services }) {
      return presentCluster(await updateCluster(services.knex, scope, params.id, body));
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/planner/clusters/{id}',
    operationId: 'deleteCluster',
    summary: 'Delete a cluster (its keywords stay)',
    tags: clusterTags,
    throttle,
    auth: 'user_or_api_key',
    policy: plannerPolicies.write,
    params: idParams,
    refs: { 'params.id': 'cluster' },
    response: { kind: 'empty', status: 200, message: 'Cluster deleted.' },
    async handler({ params, scope, services }) {
      await deleteCluster(services.knex, scope, params.id);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/planner/clusters/{id}/add_keywords',
    operationId: 'addClusterKeywords',
    summary: 'Add keywords of the same sector to a cluster',
    tags: clusterTags,
    throttle,
    auth: 'user_or_api_key',
    policy: plannerPolicies.write,
    params: idParams,
    body: KeywordIds,
    refs: { 'params.id': 'cluster' },
    response: { kind: 'data', status: 200, schema: ClusterOut, message: 'Keywords added to the cluster.' },
    async handler({ params, body, scope, services }) {
      return presentCluster(await addClusterKeywords(services.knex, scope, params.id, body.keyword_ids));
    },
  }),
  defineRoute({
    method: 'post',
    path: '/planner/clusters/{id}/remove_keywords',
    operationId: 'removeClusterKeywords',
    summary: 'Take keywords out of a cluster',
    tags: clusterTags,
    throttle,
    auth: 'user_or_api_key',
    policy: plannerPolicies.write,
    params: idParams,
    body: KeywordIds,
    refs: { 'params.id': 'cluster' },
    response: { kind: 'data', status: 200, schema: ClusterOut, message: 'Keywords removed from the cluster.' },
    async handler({ params, body, scope, services }) {
      return presentCluster(await removeClusterKeywords(services.knex, scope, params.id, body.keyword_ids));
    },
  }),
];

const ideaTags = ['planner: ideas'];
const IdeaFields = {
  title: z.string().trim().min(1).max(255),
  description: z.string().max(10_000).nullable().optional(),
  content_type: z.enum(CONTENT_TYPES).optional(),
  content_structure: z.enum(CONTENT_STRUCTURES).optional(),
  target_keywords: z.array(z.string().trim().min(1).max(255)).max(50).optional(),
  cluster_id: idParam.nullable().optional(),
  estimated_word_count: z.number().int().min(100).max(20_000).nullable().optional(),
  outline: z.array(OutlineSectionSchema).max(30).optional().describe('Ordered sections: a heading and its points'),
  status: z.enum(IDEA_STATUSES).optional(),
};
type IdeaBody = Partial<z.output<z.ZodObject<typeof IdeaFields>>>;
const ideaProps = (body: IdeaBody) => ({
  title: body.title,
  description: body.description,
  contentType: body.content_type,
  contentStructure: body.content_structure,
  targetKeywords: body.target_keywords,
  clusterId: body.cluster_id,
  estimatedWordCount: body.estimated_word_count,
  outline: body.outline,
  status: body.status,
});

const TaskSummary = z.object({ id: z.number().int(), idea_id: z.number().int().nullable(), title: z.string(), status: z.string() });

export const ideaRoutes = [
  defineRoute({
    method: 'get',
    path: '/planner/ideas',
    operationId: 'listIdeas',
    summary: 'List content ideas',
    tags: ideaTags,
    throttle,
    auth: 'user_or_api_key',
    policy: plannerPolicies.read,
    query: z.object({
      ...paginationQuery,
      ...searchQuery,
      status: z.enum(IDEA_STATUSES).optional(),
      cluster_id: idParam.optional(),
      content_type: z.enum(CONTENT_TYPES).optional(),
      content_structure: z.enum(CONTENT_STRUCTURES).optional(),
      site_id: idParam.optional(),
      sector_id: idParam.optional(),
      ordering: orderingQuery({ created_at: 'createdAt', updated_at: 'updatedAt', title: 'title', status: 'status' }, '-created_at'),
    }),
    response: { kind: 'page', status: 200, item: IdeaOut },
    async handler({ query, scope, services }) {
      const builder = ContentIdea.query(services.knex).forTenant(scope);
      if (query.status) builder.where('content_ideas.status', query.status);
      if (query.cluster_id) builder.where('content_ideas.clusterId', query.cluster_id);
      if (query.content_type) builder.where('content_ideas.contentType', query.content_type);
      if (query.content_structure) builder.where('content_ideas.contentStructure', query.content_structure);
      if (query.site_id) builder.where('content_ideas.siteId', query.site_id);
      if (query.sector_id) builder.where('content_ideas.sectorId', query.sector_id);
      const page = await listPage(builder, query, ['title']);
      return { count: page.count, results: page.results.map(presentIdea) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/planner/ideas',
    operationId: 'createIdea',
    summary: 'Create a content idea with its outline',
    tags: ideaTags,
    throttle,
    auth: 'user_or_api_key',
    policy: plannerPolicies.write,
    body: z.object({ ...sectorTarget, ...IdeaFields }),
    refs: { 'body.site_id': 'site', 'body.sector_id': 'sector', 'body.cluster_id': 'cluster' },
    response: { kind: 'data', status: 201, schema: IdeaOut, message: 'Idea created.' },
    async handler({ body, scope, services }) {
      const idea = await createIdea(services.knex, scope, { ...ideaProps(body), title: body.title, siteId: body.site_id, sectorId: body.sector_id });
      return presentIdea(idea);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/planner/ideas/create_tasks',
    operationId: 'createTasksFromIdeas',
    summary: 'Turn ideas into writing tasks (title, brief, keywords, structure and outline carried over)',
    tags: ideaTags,
    throttle,
    auth: 'user_or_api_key',
    policy: plannerPolicies.write,
    body: z.object({ idea_ids: z.array(idParam).min(1).max(200) }),
    refs: { 'body.idea_ids[]': 'idea' },
    response: {
      kind: 'data',
      status: 201,
      schema: z.object({ tasks: z.array(TaskSummary), skipped_idea_ids: z.array(z.number().int()).describe('Ideas that already had a task') }),
      message: 'Tasks created.',
    },
    async handler({ body, scope, services }) {
      const outcome = await createTasksFromIdeas(services.knex, scope, body.idea_ids);
      return {
        tasks: outcome.tasks.map((task) => ({ id: task.id, idea_id: task.ideaId, title: task.title, status: task.status })),
        skipped_idea_ids: outcome.skippedIdeaIds,
      };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/planner/ideas/{id}',
    operationId: 'getIdea',
    summary: 'One idea with its outline',
    tags: ideaTags,
    throttle,
    auth: 'user_or_api_key',
    policy: plannerPolicies.read,
    params: idParams,
    refs: { 'params.id': 'idea' },
    response: { kind: 'data', status: 200, schema: IdeaOut },
    async handler({ params, scope, services }) {
      return presentIdea(await requireIdea(services.knex, scope, params.id));
    },
  }),
  defineRoute({
    method: 'patch',
    path: '/planner/ideas/{id}',
    operationId: 'updateIdea',
    summary: 'Change an idea or its outline',
    tags: ideaTags,
    throttle,
    auth: 'user_or_api_key',
    policy: plannerPolicies.write,
    params: idParams,
    body: changesOf(IdeaFields),
    refs: { 'params.id': 'idea', 'body.cluster_id': 'cluster' },
    response: { kind: 'data', status: 200, schema: IdeaOut, message: 'Idea updated.' },
    async handler({ params, body, scope, services }) {
      return presentIdea(await updateIdea(services.knex, scope, params.id, ideaProps(body)));
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/planner/ideas/{id}',
    operationId: 'deleteIdea',
    summary: 'Delete an idea (its tasks stay)',
    tags: ideaTags,
    throttle,
    auth: 'user_or_api_key',
    policy: plannerPolicies.write,
    params: idParams,
    refs: { 'params.id': 'idea' },
    response: { kind: 'empty', status: 200, message: 'Idea deleted.' },
    async handler({ params, scope, services }) {
      await deleteIdea(services.knex, scope, params.id);
    },
  }),
];
