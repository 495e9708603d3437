import type { Knex } from 'knex';
import type { Model, QueryBuilder } from 'objection';
import { Cluster, CLUSTER_STATUSES, ContentIdea, IDEA_STATUSES, Keyword, KEYWORD_STATUSES } from '../../planner/models';
import type { TenantScope } from '../../platform/tenancy/actor';
import { Content, CONTENT_STATUSES, Image, IMAGE_STATUSES, Task, TASK_STATUSES } from '../../writer/models';

export interface StageCounts<S extends string> {
  total: number;
  byStatus: Record<S, number>;
}

export interface PipelineCounts {
  keywords: StageCounts<(typeof KEYWORD_STATUSES)[number]>;
  clusters: StageCounts<(typeof CLUSTER_STATUSES)[number]>;
  ideas: StageCounts<(typeof IDEA_STATUSES)[number]>;
  tasks: StageCounts<(typeof TASK_STATUSES)[number]>;
  content: StageCounts<(typeof CONTENT_STATUSES)[number]>;
  images: StageCounts<(typeof IMAGE_STATUSES)[number]>;
}

export interface PipelineTarget {
  siteId: number;
  sectorId?: number | undefined;
}

/**
 * Rows per status of one stage, counted by the database: one grouped COUNT on the table's
 * (account_id, site_id, sector_id, status) index, no rows loaded. Every status is listed, 0 when empty.
 */
async function countByStatus<M extends Model, S extends string>(
  builder: QueryBuilder<M, M[]>,
  target: PipelineTarget,
  statuses: readonly S[],
): Promise<StageCounts<S>> {
  builder.where('siteId', target.siteId);
  if (target.sectorId !== undefined) builder.where('sectorId', target.sectorId);
  const rows = (await builder.select('status').count({ n: '*' }).groupBy('status')) as unknown as { status: string; n: number | string }[];
  const byStatus = Object.fromEntries(statuses.map((status) => [status, 0])) as Record<S, number>;
  let total = 0;
  for (const row of rows) {
    const count = Number(row.n);
    total += count;
    if (row.status in byStatus) byStatus[row.status as S] += count;
  }
  return { total, byStatus };
}

/**
 * How much of a site's (or one sector's) work is at each stage of the pipeline, keywords to images.
 * Read-only; each count runs through the tenant query builder, so it sees only the caller's rows.
 */
export async function pipelineCounts(knex: Knex, scope: TenantScope, target: PipelineTarget): Promise<PipelineCounts> {
  const [keywords, clusters, ideas, tasks, content, images] = await Promise.all([
    countByStatus(Keyword.query(knex).forTenant(scope), target, KEYWORD_STATUSES),
    countByStatus(Cluster.query(knex).forTenant(scope), target, CLUSTER_STATUSES),
    countByStatus(ContentIdea.query(knex).forTenant(scope), target, IDEA_STATUSES),
    countByStatus(Task.query(knex).forTenant(scope), target, TASK_STATUSES),
    countByStatus(Content.query(knex).forTenant(scope), target, CONTENT_STATUSES),
    countByStatus(Image.query(knex).forTenant(scope), target, IMAGE_STATUSES),
  ]);
  return { keywords, clusters, ideas, tasks, content, images };
}
