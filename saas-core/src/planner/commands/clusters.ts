import type { Knex } from 'knex';
import { type QueryBuilder, raw } from 'objection';
import { NotFoundError, ValidationError } from '../../platform/errors';
import type { TenantScope } from '../../platform/tenancy/actor';
import { Cluster, ClusterKeyword, Keyword } from '../models';
import { stripUndefined } from './keywords';
import { requireSectorTarget } from './sector-target';

export interface ClusterProps {
  name?: string;
  description?: string | null;
  status?: Cluster['status'];
}

const LINKED = 'from cluster_keywords ck join keywords k on k.id = ck.keyword_id where ck.cluster_id = clusters.id';

/** Adds keywords_count and total_volume, computed from the links on every read so they are never stale. */
export function withKeywordTotals<R>(builder: QueryBuilder<Cluster, R>): QueryBuilder<Cluster, R> {
  return builder.select(
    'clusters.*',
    raw(`(select count(*) ${LINKED})`).as('keywordsCount'),
    raw(`(select coalesce(sum(k.volume), 0) ${LINKED})`).as('totalVolume'),
  );
}

export async function requireCluster(knex: Knex, scope: TenantScope, id: number): Promise<Cluster> {
  const cluster = await withKeywordTotals(Cluster.query(knex).forTenant(scope).findById(id));
  if (!cluster) throw new NotFoundError('Cluster');
  return cluster;
}

export async function createCluster(
  knex: Knex,
  scope: TenantScope,
  props: ClusterProps & { name: string; siteId: number; sectorId: number; keywordIds?: number[] },
): Promise<Cluster> {
  return knex.transaction(async (trx) => {
    const target = await requireSectorTarget(trx, scope, props.siteId, props.sectorId);
    const cluster = await Cluster.query(trx)
      .forTenant(scope)
      .insert({
        siteId: target.siteId,
        sectorId: target.sectorId,
        name: props.name,
        description: props.description ?? null,
        status: props.status ?? 'active',
      });
    if (props.keywordIds?.length) await linkKeywords(trx, scope, cluster, props.keywordIds);
    return requireCluster(trx, scope, cluster.id);
  });
}

export async function updateCluster(knex: Knex, scope: TenantScope, id: number, props: ClusterProps): Promise<Cluster> {
  return knex.transaction(async (trx) => {
    const cluster = await requireCluster(trx, scope, id);
    await Cluster.query(trx).forTenant(scope).findById(cluster.id).patch(stripUndefined(props));
    return requireCluster(trx, scope, id);
  });
}

export async function deleteCluster(knex: Knex, scope: TenantScope, id: number): Promise<void> {
  await knex.transaction(async (trx) => {
    const cluster = await requireCluster(trx, scope, id);
    await Cluster.query(trx).forTenant(scope).deleteById(cluster.id);
  });
}

/** Links keywords of the cluster's own sector; an unknown id refuses the whole call. */
async function linkKeywords(trx: Knex, scope: TenantScope, cluster: Cluster, keywordIds: number[]): Promise<number> {
  const ids = [...new Set(keywordIds)];
  const keywords = await Keyword.query(trx).forTenant(scope).whereIn('keywords.id', ids).select('keywords.id', 'siteId', 'sectorId');
  const missing = ids.filter((id) => !keywords.some((keyword) => keyword.id === id));
  if (missing.length > 0) throw new NotFoundError(`Keyword ${missing.slice(0, 10).join(', ')}`);
  const elsewhere = keywords.filter((keyword) => keyword.sectorId !== cluster.sectorId || keyword.siteId !== cluster.siteId);
  if (elsewhere.length > 0) {
    throw new ValidationError(
      'Keywords can only join a cluster of their own site and sector.',
      { keyword_ids: [`not in the cluster's sector: ${elsewhere.map((keyword) => keyword.id).join(', ')}`] },
      'KEYWORD_SECTOR_MISMATCH',
    );
  }
  const linked = new Set(
    (await ClusterKeyword.query(trx).forTenant(scope).where({ clusterId: cluster.id }).whereIn('keywordId', ids).select('keywordId')).map(
      (link) => link.keywordId,
    ),
  );
  const fresh = ids.filter((id) => !linked.has(id));
  const now = new Date();
  if (fresh.length > 0) {
    // Both ends were just checked to be in this tenant, site and sector.
    await trx('cluster_keywords').insert(
      fresh.map((keywordId) => ({ accountId: cluster.accountId, clusterId: cluster.id, keywordId, createdAt: now, updatedAt: now })),
    );
  }
  return fresh.length;
}

export async function addClusterKeywords(knex: Knex, scope: TenantScope, id: number, keywordIds: number[]): Promise<Cluster> {
  return knex.transaction(async (trx) => {
    const cluster = await requireCluster(trx, scope, id);
    await linkKeywords(trx, scope, cluster, keywordIds);
    return requireCluster(trx, scope, id);
  });
}

export async function removeClusterKeywords(knex: Knex, scope: TenantScope, id: number, keywordIds: number[]): Promise<Cluster> {
  return knex.transaction(async (trx) => {
    const cluster = await requireCluster(trx, scope, id);
    await ClusterKeyword.query(trx).forTenant(scope).where({ clusterId: cluster.id }).whereIn('keywordId', keywordIds).delete();
    return requireCluster(trx, scope, id);
  });
}
