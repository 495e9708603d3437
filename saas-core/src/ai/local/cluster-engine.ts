import { termsOf, trigrams } from './text';

export interface KeywordInput {
  id: number;
  keyword: string;
  volume: number | null;
}

export interface LocalCluster {
  /** Named after its strongest keyword (highest volume). */
  name: string;
  strongestId: number;
  keywordIds: number[];
}

export interface ClusterOptions {
  /** Weighted term overlap needed to join a cluster's leader (0–1). */
  threshold?: number;
  /** Fewest keywords a cluster keeps; smaller groups are left unclustered. */
  minSize?: number;
  maxSize?: number;
}

/**
 * The local clustering engine: no network, no credits, deterministic. Keywords become term sets
 * (normalised, stopwords out, synonyms folded, stemmed); near-miss spellings of a term are merged
 * through character-trigram similarity over the vocabulary; keywords are compared by IDF-weighted
 * Jaccard. Clustering is leader-based: in order of volume, each keyword not yet placed gathers the
 * unplaced keywords similar enough to it, so every cluster is named after its strongest keyword.
 * Candidates come from an inverted index with prefix filtering (only terms heavy enough to reach
 * the threshold are looked up), which keeps 100k keywords far from n² comparisons.
 */
export function clusterKeywords(inputs: KeywordInput[], options: ClusterOptions = {}): { clusters: LocalCluster[]; unclustered: number[] } {
  const threshold = options.threshold ?? 0.6;
  const minSize = options.minSize ?? 2;
  const maxSize = options.maxSize ?? 50;

  const items = inputs.map((input) => ({ input, terms: termsOf(input.keyword) }));
  const canonical = mergeNearMissTerms(items.flatMap((item) => item.terms));
  const termIds = new Map<string, number>();
  const docs = items.map((item) => {
    const ids = [...new Set(item.terms.map((term) => canonical.get(term) ?? term))].map((term) => {
      let id = termIds.get(term);
      if (id === undefined) termIds.set(term, (id = termIds.size));
      return id;
    });
    return Int32Array.from(ids.sort((left, right) => left - right));
  });

  const df = new Int32Array(termIds.size);
  for (const doc of docs) for (const term of doc) df[term]! += 1;
  const idf = Float64Array.from(df, (count) => Math.log(1 + items.length / count));
  const weightOf = (doc: Int32Array) => doc.reduce((sum, term) => sum + idf[term]!, 0);
  const weights = Float64Array.from(docs, weightOf);

  const postings: number[][] = Array.from({ length: termIds.size }, () => []);
  docs.forEach((doc, index) => doc.forEach((term) => postings[term]!.push(index)));

  const order = items
    .map((_, index) => index)
    .sort((left, right) => {
      const a = items[left]!.input;
      const b = items[right]!.input;
      return (b.volume ?? -1) - (a.volume ?? -1) || a.keyword.length - b.keyword.length || a.keyword.localeCompare(b.keyword) || a.id - b.id;
    });
  const rank = new Int32Array(items.length);
  order.forEach((index, position) => (rank[index] = position));
  const placed = new Uint8Array(items.length);
  const clusters: LocalCluster[] = [];
  const unclustered: number[] = [];

  for (const leader of order) {
    if (placed[leader]) continue;
    placed[leader] = 1;
    const members = [leader];
    const doc = docs[leader]!;
    if (doc.length > 0) {
      // Prefix filtering: a keyword reaching the threshold must share one of the leader's heaviest terms.
      const byWeight = [...doc].sort((left, right) => idf[right]! - idf[left]! || left - right);
      const needed = threshold * weights[leader]!;
      let remaining = weights[leader]!;
      const seen = new Set<number>();
      const candidates: { index: number; similarity: number }[] = [];
      for (const term of byWeight) {
        if (remaining < needed) break;
        remaining -= idf[term]!;
        for (const other of postings[term]!) {
          if (placed[other] || seen.has(other)) continue;
          seen.add(other);
          const similarity = weightedJaccard(doc, docs[other]!, idf, weights[leader]!, weights[other]!);
          if (similarity >= threshold) candidates.push({ index: other, similarity });
        }
      }
      // Closest first; among equals, stronger keywords first (the order leaders are taken in), so input order never matters.
      candidates.sort((left, right) => right.similarity - left.similarity || rank[left.index]! - rank[right.index]!);
      for (const candidate of candidates.slice(0, maxSize - 1)) members.push(candidate.index);
    }
    if (members.length < minSize) {
      unclustered.push(items[leader]!.input.id);
      continue;
    }
    for (const member of members) placed[member] = 1;
    clusters.push({
      name: items[leader]!.input.keyword,
      strongestId: items[leader]!.input.id,
      keywordIds: members.map((member) => items[member]!.input.id),
    });
  }
  return { clusters, unclustered };
}

function weightedJaccard(left: Int32Array, right: Int32Array, idf: Float64Array, leftWeight: number, rightWeight: number): number {
  let shared = 0;
  for (let i = 0, j = 0; i < left.length && j < right.length;) {
    if (left[i] === right[j]) {
      shared += idf[left[i]!]!;
      i += 1;
      j += 1;
    } else if (left[i]! < right[j]!) i += 1;
    else j += 1;
  }
  const union = leftWeight + rightWeight - shared;
  return union > 0 ? shared / union : 0;
}

/**
 * Near-miss spellings ("runing", "running") become one term: vocabulary terms of five letters or
 * more whose trigram sets are at least 75% alike map to the more frequent spelling.
 */
function mergeNearMissTerms(allTerms: string[]): Map<string, string> {
  const frequency = new Map<string, number>();
  for (const term of allTerms) frequency.set(term, (frequency.get(term) ?? 0) + 1);
  const vocabulary = [...frequency.keys()]
    .filter((term) => term.length >= 5)
    .sort((left, right) => frequency.get(right)! - frequency.get(left)! || left.localeCompare(right));
  const index = new Map<string, number[]>();
  const grams = vocabulary.map((term) => new Set(trigrams(term)));
  const canonical = new Map<string, string>();
  vocabulary.forEach((term, position) => {
    const counts = new Map<number, number>();
    for (const gram of grams[position]!) for (const other of index.get(gram) ?? []) counts.set(other, (counts.get(other) ?? 0) + 1);
    let best: number | undefined;
    for (const [other, shared] of counts) {
      const similarity = shared / (grams[position]!.size + grams[other]!.size - shared);
      if (similarity >= 0.75 && (best === undefined || other < best)) best = other;
    }
    if (best !== undefined) {
      canonical.set(term, canonical.get(vocabulary[best]!) ?? vocabulary[best]!);
      return;
    }
    for (const gram of grams[position]!) {
      let list = index.get(gram);
      if (!list) index.set(gram, (list = []));
      if (list.length < 200) list.push(position); // a trigram in hundreds of terms says nothing
    }
  });
  return canonical;
}
