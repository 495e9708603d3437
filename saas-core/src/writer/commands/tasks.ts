import type { Knex } from 'knex';
import { Cluster, ContentIdea, type OutlineSection } from '../../planner/models';
import { requireSectorTarget } from '../../planner/commands/sector-target';
import { NotFoundError, ValidationError } from '../../platform/errors';
import type { TenantScope } from '../../platform/tenancy/actor';
import type { Services } from '../../platform/http/types';
import { Task } from '../models';
import { imageFilesOf, removeImageFiles } from './images';

export interface TaskInput {
  siteId: number;
  sectorId: number;
  ideaId: number | null;
  clusterId: number | null;
  title: string;
  brief: string | null;
  targetKeywords: string[];
  contentType: Task['contentType'];
  contentStructure: Task['contentStructure'];
  wordCountTarget: number | null;
  outline: OutlineSection[];
}

export type TaskChanges = Partial<Omit<TaskInput, 'siteId' | 'sectorId'> & { status: Task['status'] }>;

/** Inserts tasks whose site, sector, idea and cluster the caller has already checked. */
export async function createTasks(trx: Knex, scope: TenantScope, inputs: TaskInput[]): Promise<Task[]> {
  const tasks: Task[] = [];
  for (const input of inputs)
    tasks.push(
      await Task.query(trx)
        .forTenant(scope)
        .insertAndFetch({ ...input, status: 'pending' }),
    );
  return tasks;
}

/** An idea or cluster named for a task must be one of the task's own sector. */
async function checkLinks(
  trx: Knex,
  scope: TenantScope,
  links: { ideaId?: number | null; clusterId?: number | null },
  sectorId: number,
): Promise<void> {
  for (const [field, model, id] of [
    ['idea_id', ContentIdea, links.ideaId],
    ['cluster_id', Cluster, links.clusterId],
  ] as const) {
    if (!id) continue;
    const row = await (model as typeof ContentIdea).query(trx).forTenant(scope).findById(id);
    if (!row) throw new NotFoundError(field === 'idea_id' ? 'Idea' : 'Cluster');
    if (row.sectorId !== sectorId) throw new ValidationError('It belongs to another sector.', { [field]: ['not in this sector'] }, 'SECTOR_MISMATCH');
  }
}

export async function createTask(knex: Knex, scope: TenantScope, input: TaskInput): Promise<Task> {
  return knex.transaction(async (trx) => {
    const target = await requireSectorTarget(trx, scope, input.siteId, input.sectorId);
    await checkLinks(trx, scope, input, target.sectorId);
    const [task] = await createTasks(trx, scope, [input]);
    return task!;
  });
}

export async function requireTask(knex: Knex, scope: TenantScope, id: number): Promise<Task> {
  const task = await Task.query(knex).forTenant(scope).findById(id);
  if (!task) throw new NotFoundError('Task');
  return task;
}

export async function updateTask(knex: Knex, scope: TenantScope, id: number, changes: TaskChanges): Promise<Task> {
  return knex.transaction(async (trx) => {
    const task = await requireTask(trx, scope, id);
    await checkLinks(trx, scope, changes, task.sectorId);
    const patch = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
    return task.$query(trx).forTenant(scope).patchAndFetch(patch);
  });
}

/**
 * Deletes tasks with their content and images (rows cascade; files go after the commit). Ids
 * outside the caller's reach are reported as not found and left alone.
 */
export async function deleteTasks(services: Services, scope: TenantScope, ids: number[]): Promise<{ deleted: number; notFound: number[] }> {
  const { found, files } = await services.knex.transaction(async (trx) => {
    const found = (await Task.query(trx).forTenant(scope).whereIn('tasks.id', ids).select('tasks.id')).map((task) => task.id);
    const files = await imageFilesOf(trx, scope, { taskIds: found });
    if (found.length > 0) await Task.query(trx).forTenant(scope).whereIn('tasks.id', found).delete();
    return { found, files };
  });
  await removeImageFiles(services, files);
  return { deleted: found.length, notFound: ids.filter((id) => !found.includes(id)) };
}

export async function bulkUpdateTasks(
  knex: Knex,
  scope: TenantScope,
  ids: number[],
  changes: Pick<TaskChanges, 'status' | 'contentType' | 'contentStructure' | 'clusterId'>,
): Promise<{ updated: number; notFound: number[] }> {
  return knex.transaction(async (trx) => {
    const tasks = await Task.query(trx).forTenant(scope).whereIn('tasks.id', ids);
    const found = tasks.map((task) => task.id);
    if (changes.clusterId) {
      for (const task of tasks) await checkLinks(trx, scope, { clusterId: changes.clusterId }, task.sectorId);
    }
    const patch = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
    if (found.length > 0) await Task.query(trx).forTenant(scope).whereIn('tasks.id', found).patch(patch);
    return { updated: found.length, notFound: ids.filter((id) => !found.includes(id)) };
  });
}
