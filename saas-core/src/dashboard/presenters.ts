import { z } from 'zod';
import { CLUSTER_STATUSES, IDEA_STATUSES, KEYWORD_STATUSES } from '../planner/models';
import { CONTENT_STATUSES, IMAGE_STATUSES, TASK_STATUSES } from '../writer/models';
import type { PipelineCounts, StageCounts } from './commands/pipeline';

const count = z.number().int().min(0);

/** A stage's total and its count per status, every status listed (0 when empty), so clients need no defaults. */
function stage<const S extends readonly string[]>(statuses: S) {
  const byStatus = Object.fromEntries(statuses.map((status) => [status, count])) as { [K in S[number]]: typeof count };
  return z.object({ total: count, by_status: z.object(byStatus) });
}

export const PipelineOut = z.object({
  site_id: z.number().int(),
  sector_id: z.number().int().nullable(),
  keywords: stage(KEYWORD_STATUSES),
  clusters: stage(CLUSTER_STATUSES),
  ideas: stage(IDEA_STATUSES),
  tasks: stage(TASK_STATUSES),
  content: stage(CONTENT_STATUSES),
  images: stage(IMAGE_STATUSES),
});

const presentStage = <S extends string>(counts: StageCounts<S>) => ({ total: counts.total, by_status: counts.byStatus });

export function presentPipeline(siteId: number, sectorId: number | null, counts: PipelineCounts): z.input<typeof PipelineOut> {
  return {
    site_id: siteId,
    sector_id: sectorId,
    keywords: presentStage(counts.keywords),
    clusters: presentStage(counts.clusters),
    ideas: presentStage(counts.ideas),
    tasks: presentStage(counts.tasks),
    content: presentStage(counts.content),
    images: presentStage(counts.images),
  };
}
