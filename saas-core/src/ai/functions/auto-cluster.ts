import { z } from 'zod';
import { Cluster, Keyword } from '../../planner/models';
import { normalizeKeyword } from '../../planner/normalize';
import { cached } from '../../platform/cache';
import { ValidationError } from '../../platform/errors';
import { idParam } from '../../platform/http/schemas';
import { Sector } from '../../sites/models';
import { clusterKeywords } from '../local/cluster-engine';
import { ClusteringOutput, runOptions } from './schemas';
import type { TextFunction } from './types';

/** auto_cluster refuses fewer keywords than this: one or two keywords are not worth a run (or credits). */
export const MIN_KEYWORDS_TO_CLUSTER = 5;
export const MAX_KEYWORDS_TO_CLUSTER = 10_000;
/** Keywords per model call: enough to see the topics, small enough for any context window. */
const KEYWORDS_PER_CALL = 250;

export function assertEnoughKeywords(count: number): void {
  if (count < MIN_KEYWORDS_TO_CLUSTER) {
    throw new ValidationError(
      `Clustering needs at least ${MIN_KEYWORDS_TO_CLUSTER} keywords; ${count} ${count === 1 ? 'was' : 'were'} given.`,
      { keyword_ids: [`at least ${MIN_KEYWORDS_TO_CLUSTER}`] },
      'TOO_FEW_KEYWORDS',
    );
  }
}

export const AutoClusterInput = z.object({
  site_id: idParam,
  sector_id: idParam,
  keyword_ids: z.array(idParam).min(1).max(MAX_KEYWORDS_TO_CLUSTER),
  ...runOptions,
});
type Input = z.output<typeof AutoClusterInput>;

interface Batch {
  sector: string;
  keywords: Pick<Keyword, 'id' | 'keyword' | 'volume'>[];
}

/**
 * Groups keywords into clusters, each saved with its keywords. The local engine takes all keywords
 * at once and names clusters after their strongest keyword. A model sees at most 250 keywords per
 * call: larger sets are first grouped by the local engine and whole groups packed into calls, so
 * keywords that belong together meet in the same call.
 */
export const autoCluster: TextFunction<Input, Batch, ClusteringOutput> = {
  name: 'auto_cluster',
  kind: 'text',
  queue: 'ai',
  operation: 'clustering',
  maxBatch: MAX_KEYWORDS_TO_CLUSTER,
  timeoutMs: 30 * 60_000,
  input: AutoClusterInput,
  units: (input) => input.keyword_ids.length,
  system:
    'You are an SEO strategist who groups search keywords by search intent and topic. ' +
    'Answer only with JSON that matches the given schema; copy every keyword exactly as given.',
  schemaName: 'keyword_clusters',
  output: ClusteringOutput,

  async prepare({ services, scope, engine, task }, input) {
    const keywords = await Keyword.query(services.knex)
      .forTenant(scope)
      .whereIn('keywords.id', input.keyword_ids)
      .where({ siteId: input.site_id, sectorId: input.sector_id })
      .select('keywords.id', 'keyword', 'volume')
      // The same keywords make the same prompt: without an order the database may return them in any.
      .orderBy('keywords.id');
    assertEnoughKeywords(keywords.length);
    const sector = await cached(services.knex, `sector:${task.accountId}:${input.sector_id}`, () =>
      Sector.query(services.knex).forTenant(scope).findById(input.sector_id),
    );
    const name = sector?.name ?? 'this';
    if (engine === 'local' || keywords.length <= KEYWORDS_PER_CALL) return [{ sector: name, keywords }];
    return packIntoCalls(keywords).map((group) => ({ sector: name, keywords: group }));
  },

  promptValues: (batch) => ({
    keywords: batch.keywords.map((keyword) => keyword.keyword).join('\n'),
    sector: batch.sector,
    language: 'the keywords’ own language',
  }),

  local(batch) {
    const { clusters } = clusterKeywords(batch.keywords);
    const byId = new Map(batch.keywords.map((keyword) => [keyword.id, keyword.keyword]));
    return {
      clusters: clusters.map((cluster) => ({ name: cluster.name, description: '', keywords: cluster.keywordIds.map((id) => byId.get(id)!) })),
    };
  },

  async save(trx, { scope, task }, input, batches, outputs) {
    // Answers name keywords by text; each maps back to its row once (a keyword joins one cluster).
    const idByText = new Map(batches.flatMap((batch) => batch.keywords).map((keyword) => [normalizeKeyword(keyword.keyword), keyword.id]));
    const placed = new Set<number>();
    const saved: number[] = [];
    const now = new Date();
    for (const cluster of outputs.flatMap((output) => output.clusters)) {
      const ids: number[] = [];
      for (const text of cluster.keywords) {
        const id = idByText.get(normalizeKeyword(text));
        if (id !== undefined && !placed.has(id)) ids.push(id);
        if (id !== undefined) placed.add(id);
      }
      if (ids.length === 0) continue;
      const row = await Cluster.query(trx)
        .forTenant(scope)
        .insert({ siteId: input.site_id, sectorId: input.sector_id, name: cluster.name, description: cluster.description || null, status: 'active' });
      await trx('cluster_keywords').insert(
        ids.map((keywordId) => ({ accountId: task.accountId, clusterId: row.id, keywordId, createdAt: now, updatedAt: now })),
      );
      saved.push(row.id);
    }
    const all = [...idByText.values()];
    return {
      result: { cluster_ids: saved, clustered: placed.size, unclustered_keyword_ids: all.filter((id) => !placed.has(id)) },
      units: all.length,
    };
  },
};

/** Whole local groups, strongest first, packed into calls of at most KEYWORDS_PER_CALL keywords. */
function packIntoCalls<K extends Pick<Keyword, 'id' | 'keyword' | 'volume'>>(keywords: K[]): K[][] {
  const byId = new Map(keywords.map((keyword) => [keyword.id, keyword]));
  const { clusters, unclustered } = clusterKeywords(keywords, { threshold: 0.4, maxSize: KEYWORDS_PER_CALL });
  const groups = [...clusters.map((cluster) => cluster.keywordIds), ...unclustered.map((id) => [id])];
  const calls: K[][] = [];
  let current: K[] = [];
  for (const group of groups) {
    if (current.length + group.length > KEYWORDS_PER_CALL) {
      calls.push(current);
      current = [];
    }
    current.push(...group.map((id) => byId.get(id)!));
  }
  if (current.length > 0) calls.push(current);
  return calls;
}
