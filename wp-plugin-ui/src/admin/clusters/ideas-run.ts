import { _n, sprintf } from '@wordpress/i18n';
import type { AiTaskProgress } from '../../api/types';
import { chunk } from '../../components/table/list-state';
import type { BatchItem } from '../../components/table/use-ai-batch';

/** The core generates ideas for at most 5 clusters per run, 3–7 ideas each. */
export const MAX_CLUSTERS_PER_RUN = 5;
export const IDEAS_PER_CLUSTER = [3, 4, 5, 6, 7] as const;
export const DEFAULT_IDEAS_PER_CLUSTER = 3;

/** What the cost estimate counts: one unit per idea. */
export function ideaUnits(clusterCount: number, ideasPerCluster: number): number {
  return clusterCount * ideasPerCluster;
}

/** The runs for a selection of clusters: five clusters to a run. */
export function ideaBatches(clusterIds: readonly number[], ideasPerCluster: number): BatchItem[] {
  return chunk(clusterIds, MAX_CLUSTERS_PER_RUN).map((ids, index) => ({
    key: `ideas-${index + 1}`,
    body: { cluster_ids: ids, ideas_per_cluster: ideasPerCluster },
  }));
}

/** How many ideas the finished runs made. */
export function ideasMade(runs: Record<string, Pick<AiTaskProgress, 'status' | 'result'> | undefined>): number {
  let made = 0;
  for (const run of Object.values(runs)) {
    const ids = run?.status === 'completed' ? run.result?.idea_ids : undefined;
    made += Array.isArray(ids) ? ids.length : 0;
  }
  return made;
}

export function ideasSummary(made: number, failedRuns: number, skippedRuns: number): string {
  const parts: string[] = [
    sprintf(/* translators: %d: ideas generated */ _n('%d idea generated.', '%d ideas generated.', made, 'igny8-bridge'), made),
  ];
  if (failedRuns > 0) {
    parts.push(
      sprintf(
        /* translators: %d: runs that failed */
        _n('%d run failed and was not charged.', '%d runs failed and were not charged.', failedRuns, 'igny8-bridge'),
        failedRuns,
      ),
    );
  }
  if (skippedRuns > 0) {
    parts.push(
      sprintf(
        /* translators: %d: runs not started */ _n('%d run was not started.', '%d runs were not started.', skippedRuns, 'igny8-bridge'),
        skippedRuns,
      ),
    );
  }
  return parts.join(' ');
}
