import { clusterKeywords } from './cluster-engine';
import { adjustedRandIndex, labelledKeywords, labelsOf } from './labelled-keywords';
import { syntheticKeywords } from './synthetic-keywords';
import { stem, termsOf } from './text';

it('normalises, drops stopwords, folds synonyms and stems', () => {
  expect(['shoes', 'running', 'batteries', 'boxes', 'replacement', 'status', 'analysis'].map(stem)).toEqual([
    'shoe',
    'run',
    'battery',
    'box',
    'replace',
    'status',
    'analysis',
  ]);
  expect(termsOf('The BEST Affordable Running-Shoes for Women 2026!')).toEqual(['cheap', 'run', 'shoe', 'woman']);
  expect(termsOf('ｆｉｘ my phone')).toEqual(['repair', 'phone']);
});

it('groups a labelled set the way a person would (adjusted Rand index)', () => {
  const items = labelledKeywords();
  const { clusters } = clusterKeywords(items);
  const ari = adjustedRandIndex(
    items.map((item) => item.topic),
    labelsOf(
      items.map((item) => item.id),
      clusters,
    ),
  );
  expect(ari).toBeGreaterThanOrEqual(0.9);
  // Near misses stay apart: socks are not shoes, the watch is not the pie.
  const clusterOf = (keyword: string) =>
    clusters.findIndex((cluster) => cluster.keywordIds.includes(items.find((item) => item.keyword === keyword)!.id));
  expect(clusterOf('running socks')).not.toBe(clusterOf('running shoes'));
  expect(clusterOf('apple watch bands')).not.toBe(clusterOf('apple pie recipe'));
  expect(clusterOf('affordable running shoes')).toBe(clusterOf('cheap running shoes'));
  expect(clusterOf('runing shoes')).toBe(clusterOf('running shoes'));
});

it('names each cluster after its strongest keyword and is deterministic whatever the input order', () => {
  const items = [
    { id: 1, keyword: 'running shoe', volume: 10 },
    { id: 2, keyword: 'running shoes', volume: 5000 },
    { id: 3, keyword: 'best running shoes', volume: 900 },
    { id: 4, keyword: 'espresso machine', volume: 30 },
  ];
  const forward = clusterKeywords(items);
  expect(forward).toEqual({ clusters: [{ name: 'running shoes', strongestId: 2, keywordIds: [2, 3, 1] }], unclustered: [4] });
  expect(clusterKeywords([...items].reverse())).toEqual(forward);
});

it('places every one of 100,000 keywords exactly once', () => {
  const items = syntheticKeywords(100_000);
  const { clusters, unclustered } = clusterKeywords(items);
  const placed = [...clusters.flatMap((cluster) => cluster.keywordIds), ...unclustered];
  expect(placed).toHaveLength(100_000);
  expect(new Set(placed).size).toBe(100_000);
  expect(clusters.every((cluster) => cluster.keywordIds.length >= 2 && cluster.keywordIds.length <= 50)).toBe(true);
  expect(clusters.length).toBeGreaterThan(5_000);
});
