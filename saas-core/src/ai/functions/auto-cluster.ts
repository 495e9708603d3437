import { Cluster, Keyword } from '../../planner/models';
import { ValidationError } from '../../platform/errors';
import type { AiFunctionRunner } from '../engine';
import { clusterKeywords } from '../local/cluster-engine';

/** auto_cluster refuses fewer keywords than this: one or two keywords are not worth a run (or credits). */
export const MIN_KEYWORDS_TO_CLUSTER = 5;
export const MAX_KEYWORDS_TO_CLUSTER = 10_000;

export function assertEnoughKeywords(count: number): void {
  if (count < MIN_KEYWORDS_TO_CLUSTER) {
    throw new ValidationError(
      `Clustering needs at least ${MIN_KEYWORDS_TO_CLUSTER} keywords; ${count} ${count === 1 ? 'was' : 'were'} given.`,
      { keyword_ids: [`at least ${MIN_KEYWORDS_TO_CLUSTER}`] },
      'TOO_FEW_KEYWORDS',
    );
  }
}

/**
 * auto_cluster on the local engine: free, no network. Groups the task's keywords and saves each
 * group as a cluster named after its strongest keyword, in the transaction that completes the task.
 */
export const localAutoCluster: AiFunctionRunner = {
  async run({ services, scope, task, phase }, complete) {
    const input = task.input as { keyword_ids: number[]; site_id: number; sector_id: number };
    await phase('PREP', 'Reading the keywords');
    const keywords = await Keyword.query(services.knex)
      .forTenant(scope)
      .whereIn('keywords.id', input.keyword_ids)
      .where({ siteId: input.site_id, sectorId: input.sector_id });
    assertEnoughKeywords(keywords.length);
    await phase('AI_CALL', `Clustering ${keywords.length} keywords on the local engine`);
    const { clusters, unclustered } = clusterKeywords(
      keywords.map((keyword) => ({ id: keyword.id, keyword: keyword.keyword, volume: keyword.volume })),
    );
    await phase('PARSE', `${clusters.length} clusters found`);
    await phase('SAVE', 'Saving the clusters');
    await complete(async (trx) => {
      const saved: number[] = [];
      for (const group of clusters) {
        const cluster = await Cluster.query(trx)
          .forTenant(scope)
          .insert({ siteId: input.site_id, sectorId: input.sector_id, name: group.name, description: null, status: 'active' });
        const now = new Date();
        await trx('cluster_keywords').insert(
          group.keywordIds.map((keywordId) => ({ accountId: task.accountId, clusterId: cluster.id, keywordId, createdAt: now, updatedAt: now })),
        );
        saved.push(cluster.id);
      }
      return { cluster_ids: saved, clustered: keywords.length - unclustered.length, unclustered_keyword_ids: unclustered };
    });
  },
};
