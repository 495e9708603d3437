import type { Knex } from 'knex';
import { NotFoundError, ValidationError } from '../../platform/errors';
import type { TenantScope } from '../../platform/tenancy/actor';
import { createTasks, Task } from '../../writer';
import { Cluster, ContentIdea, type OutlineSection } from '../models';
import { stripUndefined } from './keywords';
import { requireSectorTarget } from './sector-target';

export interface IdeaProps {
  title?: string;
  description?: string | null;
  contentType?: ContentIdea['contentType'];
  contentStructure?: ContentIdea['contentStructure'];
  targetKeywords?: string[];
  clusterId?: number | null;
  estimatedWordCount?: number | null;
  outline?: OutlineSection[];
  status?: ContentIdea['status'];
}

export async function requireIdea(knex: Knex, scope: TenantScope, id: number): Promise<ContentIdea> {
  const idea = await ContentIdea.query(knex).forTenant(scope).findById(id);
  if (!idea) throw new NotFoundError('Idea');
  return idea;
}

/** A cluster given for an idea must be one of the idea's own site and sector. */
async function checkCluster(trx: Knex, scope: TenantScope, clusterId: number | null | undefined, siteId: number, sectorId: number): Promise<void> {
  if (!clusterId) return;
  const cluster = await Cluster.query(trx).forTenant(scope).findById(clusterId);
  if (!cluster) throw new NotFoundError('Cluster');
  if (cluster.siteId !== siteId || cluster.sectorId !== sectorId) {
    throw new ValidationError('The cluster belongs to another sector.', { cluster_id: ['not in this sector'] }, 'CLUSTER_SECTOR_MISMATCH');
  }
}

export async function createIdea(
  knex: Knex,
  scope: TenantScope,
  props: IdeaProps & { title: string; siteId: number; sectorId: number },
): Promise<ContentIdea> {
  return knex.transaction(async (trx) => {
    const target = await requireSectorTarget(trx, scope, props.siteId, props.sectorId);
    await checkCluster(trx, scope, props.clusterId, target.siteId, target.sectorId);
    return ContentIdea.query(trx)
      .forTenant(scope)
      .insertAndFetch({
        siteId: target.siteId,
        sectorId: target.sectorId,
        clusterId: props.clusterId ?? null,
        title: props.title,
        description: props.description ?? null,
        contentType: props.contentType ?? 'post',
        contentStructure: props.contentStructure ?? 'article',
        targetKeywords: props.targetKeywords ?? [],
        estimatedWordCount: props.estimatedWordCount ?? null,
        outline: props.outline ?? [],
        status: props.status ?? 'new',
      });
  });
}

export async function updateIdea(knex: Knex, scope: TenantScope, id: number, props: IdeaProps): Promise<ContentIdea> {
  return knex.transaction(async (trx) => {
    const idea = await requireIdea(trx, scope, id);
    await checkCluster(trx, scope, props.clusterId, idea.siteId, idea.sectorId);
    return idea.$query(trx).forTenant(scope).patchAndFetch(stripUndefined(props));
  });
}

export async function deleteIdea(knex: Knex, scope: TenantScope, id: number): Promise<void> {
  await knex.transaction(async (trx) => {
    const idea = await requireIdea(trx, scope, id);
    await ContentIdea.query(trx).forTenant(scope).deleteById(idea.id);
  });
}

export interface CreateTasksOutcome {
  tasks: Task[];
  /** Ideas that already had a task: asking twice never makes a second one. */
  skippedIdeaIds: number[];
}

/**
 * Turns ideas into writing tasks, carrying the title, brief, keywords, structure and the outline
 * (the original system dropped the outline here; the writer follows it). Ideas become in_progress.
 */
export async function createTasksFromIdeas(knex: Knex, scope: TenantScope, ideaIds: number[]): Promise<CreateTasksOutcome> {
  return knex.transaction(async (trx) => {
    const ids = [...new Set(ideaIds)];
    const ideas = await ContentIdea.query(trx).forTenant(scope).whereIn('content_ideas.id', ids);
    const missing = ids.filter((id) => !ideas.some((idea) => idea.id === id));
    if (missing.length > 0) throw new NotFoundError(`Idea ${missing.slice(0, 10).join(', ')}`);
    const taken = new Set((await Task.query(trx).forTenant(scope).whereIn('ideaId', ids).select('ideaId')).map((task) => task.ideaId as number));
    const fresh = ideas.filter((idea) => !taken.has(idea.id)).sort((left, right) => ids.indexOf(left.id) - ids.indexOf(right.id));
    const tasks = await createTasks(
      trx,
      scope,
      fresh.map((idea) => ({
        siteId: idea.siteId,
        sectorId: idea.sectorId,
        ideaId: idea.id,
        clusterId: idea.clusterId,
        title: idea.title,
        brief: idea.description,
        targetKeywords: idea.targetKeywords,
        contentType: idea.contentType,
        contentStructure: idea.contentStructure,
        wordCountTarget: idea.estimatedWordCount,
        outline: idea.outline,
      })),
    );
    if (fresh.length > 0) {
      await ContentIdea.query(trx)
        .forTenant(scope)
        .whereIn(
          'content_ideas.id',
          fresh.map((idea) => idea.id),
        )
        .patch({ status: 'in_progress' });
    }
    return { tasks, skippedIdeaIds: ids.filter((id) => taken.has(id)) };
  });
}
