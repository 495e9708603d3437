import { z } from 'zod';
import { Cluster, ContentIdea } from '../../planner/models';
import { cached } from '../../platform/cache';
import { batchedReadPerDatabase } from '../../platform/db/batched-read';
import { NotFoundError } from '../../platform/errors';
import type { TenantScope } from '../../platform/tenancy/actor';
import { idParam } from '../../platform/http/schemas';
import { Sector } from '../../sites/models';
import { resolveVoice, type Voice } from '../commands';
import { localIdeas } from '../local/drafts';
import { IdeasOutput, runOptions, voiceOptions } from './schemas';
import type { TextFunction } from './types';

export const MAX_CLUSTERS_PER_RUN = 5;

export const GenerateIdeasInput = z.object({
  cluster_ids: z.array(idParam).min(1).max(MAX_CLUSTERS_PER_RUN),
  ideas_per_cluster: z.number().int().min(3).max(7).default(5),
  ...voiceOptions,
  ...runOptions,
});
type Input = z.output<typeof GenerateIdeasInput>;

type BriefCluster = Pick<Cluster, 'id' | 'name' | 'siteId' | 'sectorId'>;

interface ClusterBrief {
  cluster: BriefCluster;
  sector: string;
  /** Strongest first. */
  keywords: { keyword: string; volume: number | null }[];
  voice: Voice;
}

/** Keywords a prompt lists per cluster: the strongest carry the topic. */
const KEYWORDS_IN_PROMPT = 60;

type ClusterRow = BriefCluster & { keyword: string | null; volume: number | null };

/** Clusters and their keywords, a row per keyword, strongest first: one query for the runs of an account that prepare together. */
const clusterReads = batchedReadPerDatabase<TenantScope, number, ClusterRow>(
  async (knex, scope, clusterIds) =>
    (await Cluster.query(knex)
      .forTenant(scope)
      .whereIn('clusters.id', clusterIds)
      .leftJoin('cluster_keywords', 'cluster_keywords.cluster_id', 'clusters.id')
      .leftJoin('keywords', (join) => join.on('keywords.id', 'cluster_keywords.keyword_id').andOn('keywords.account_id', 'clusters.account_id'))
      .orderByRaw('coalesce(keywords.volume, -1) desc')
      .orderBy('keywords.id')
      .select(
        'clusters.id',
        'clusters.name',
        'clusters.site_id',
        'clusters.sector_id',
        'keywords.keyword',
        'keywords.volume',
      )) as unknown as ClusterRow[],
  (scope) => JSON.stringify(scope),
);

/** A cluster → 3–7 article ideas, each with an outline of 6–10 sections; one credit per idea saved. */
export const generateIdeas: TextFunction<Input, ClusterBrief, IdeasOutput> = {
  name: 'generate_ideas',
  kind: 'text',
  queue: 'ai',
  operation: 'ideas',
  maxBatch: MAX_CLUSTERS_PER_RUN,
  timeoutMs: 15 * 60_000,
  input: GenerateIdeasInput,
  units: (input) => input.cluster_ids.length * input.ideas_per_cluster,
  system:
    'You are an SEO content strategist planning articles that rank. Ideas must be distinct, useful to a real reader, ' +
    'and together cover the cluster. Answer only with JSON that matches the given schema.',
  schemaName: 'content_ideas',
  output: IdeasOutput,

  async prepare({ services, scope, task }, input) {
    const voice = await resolveVoice(services.knex, scope, task.accountId, {
      authorProfileId: input.author_profile_id,
      strategyId: input.strategy_id,
      siteId: task.siteId,
    });
    const rows = await clusterReads(services.knex).read(scope, input.cluster_ids);
    const briefs: ClusterBrief[] = [];
    for (const clusterId of input.cluster_ids) {
      const clusterRows = rows.filter((row) => row.id === clusterId);
      if (clusterRows.length === 0) throw new NotFoundError(`Cluster ${clusterId}`);
      const { id, name, siteId, sectorId } = clusterRows[0]!;
      const sector = await cached(services.knex, `sector:${task.accountId}:${sectorId}`, () =>
        Sector.query(services.knex).forTenant(scope).findById(sectorId),
      );
      briefs.push({
        cluster: { id, name, siteId, sectorId },
        sector: sector?.name ?? '',
        keywords: clusterRows.flatMap(({ keyword, volume }) => (keyword === null ? [] : [{ keyword, volume }])),
        voice,
      });
    }
    return briefs;
  },

  promptValues: (brief, input) => ({
    cluster: brief.cluster.name,
    keywords: (brief.keywords.length > 0 ? brief.keywords.slice(0, KEYWORDS_IN_PROMPT).map((keyword) => keyword.keyword) : [brief.cluster.name]).join(
      ', ',
    ),
    sector: brief.sector,
    count: input.ideas_per_cluster,
    tone: brief.voice.tone,
    language: brief.voice.language,
    strategy: brief.voice.strategy || 'none given',
  }),

  local: (brief, input) =>
    localIdeas({ sector: brief.sector, clusterName: brief.cluster.name, keywords: brief.keywords, count: input.ideas_per_cluster }),

  save: async (trx, run, input, items, outputs) => (await generateIdeas.saveAll!(trx, [{ run, input, items, outputs }]))[0]!,

  /** Every run's ideas in one INSERT. */
  async saveAll(trx, runs) {
    // A model may offer more ideas than asked for; the account pays for (and gets) what it asked.
    const ideasOf = runs.map(({ input, outputs }) => outputs.map((output) => output.ideas.slice(0, input.ideas_per_cluster)));
    const rows = runs.flatMap(({ run, items }, index) =>
      items.flatMap((brief, item) =>
        ideasOf[index]![item]!.map((idea) => ({
          scope: run.scope,
          values: {
            siteId: brief.cluster.siteId,
            sectorId: brief.cluster.sectorId,
            clusterId: brief.cluster.id,
            title: idea.title,
            description: idea.description,
            contentType: idea.content_type,
            contentStructure: idea.content_structure,
            targetKeywords: idea.target_keywords,
            estimatedWordCount: idea.estimated_word_count,
            outline: idea.outline,
            status: 'new',
          },
        })),
      ),
    );
    const ids = (await ContentIdea.insertRowsWithIds(trx, rows)).map((idea) => idea.id);
    return ideasOf.map((ideas) => {
      const ideaIds = ids.splice(0, ideas.flat().length);
      return { result: { idea_ids: ideaIds }, units: ideaIds.length };
    });
  },
};
