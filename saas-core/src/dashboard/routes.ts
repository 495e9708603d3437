import { z } from 'zod';
import { requireSectorTarget } from '../planner/commands/sector-target';
import { defineRoute, type Route } from '../platform/http/route';
import { idParam } from '../platform/http/schemas';
import { resolveSite } from '../sites/commands/manage-sites';
import { pipelineCounts } from './commands/pipeline';
import { dashboardPolicies } from './policies';
import { PipelineOut, presentPipeline } from './presenters';

const tags = ['dashboard'];
const throttle = 'dashboard';

/** Read-only summaries across modules, for the dashboards of the app and the WordPress plugin. */
export const dashboardRoutes: Route[] = [
  defineRoute({
    method: 'get',
    path: '/dashboard/pipeline',
    operationId: 'getPipelineCounts',
    summary: "How much of a site's work is at each stage: keywords, clusters, ideas, tasks, content and images by status",
    description: 'Counts for the whole site, or for one of its sectors with sector_id. Every status is listed, 0 when there is none.',
    tags,
    throttle,
    auth: 'user_or_api_key',
    policy: dashboardPolicies.read,
    query: z.object({
      site_id: idParam.optional().describe('Required with a user token; a site API key reads its own site'),
      sector_id: idParam.optional().describe('Only this sector of the site'),
    }),
    refs: { 'query.site_id': 'site', 'query.sector_id': 'sector' },
    response: { kind: 'data', status: 200, schema: PipelineOut },
    async handler({ query, actor, scope, services }) {
      const site = await resolveSite(services.knex, actor, scope, query.site_id);
      if (query.sector_id !== undefined) await requireSectorTarget(services.knex, scope, site.id, query.sector_id);
      const counts = await pipelineCounts(services.knex, scope, { siteId: site.id, sectorId: query.sector_id });
      return presentPipeline(site.id, query.sector_id ?? null, counts);
    },
  }),
];
