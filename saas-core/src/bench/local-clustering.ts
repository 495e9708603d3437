import { performance } from 'node:perf_hooks';
import { clusterKeywords } from '../ai/local/cluster-engine';
import { adjustedRandIndex, labelledKeywords, labelsOf } from '../ai/local/labelled-keywords';
import { syntheticKeywords } from '../ai/local/synthetic-keywords';
import type { BenchResult } from './report';

/** The local clustering engine on 10k and 100k keywords (budgets 2 s and 30 s), with its quality on the labelled set. */
export function benchLocalClustering(): BenchResult[] {
  const labelled = labelledKeywords();
  const ari = adjustedRandIndex(
    labelled.map((item) => item.topic),
    labelsOf(
      labelled.map((item) => item.id),
      clusterKeywords(labelled).clusters,
    ),
  );
  return [
    [10_000, 2_000],
    [100_000, 30_000],
  ].map(([count, budgetMs]) => {
    const items = syntheticKeywords(count!);
    let best = Infinity;
    let clusters = 0;
    for (let run = 0; run < 3; run += 1) {
      const started = performance.now();
      clusters = clusterKeywords(items).clusters.length;
      best = Math.min(best, performance.now() - started);
    }
    return {
      kind: 'budget' as const,
      name: `local clustering of ${count!.toLocaleString('en-US')} keywords`,
      ms: best,
      budgetMs: budgetMs!,
      note: `${clusters.toLocaleString('en-US')} clusters; adjusted Rand index on the labelled set ${ari.toFixed(3)}`,
    };
  });
}
