/** A benchmark against a baseline measured in the same run: ratio = baseline time / our time (higher is better). */
export interface RatioResult {
  kind: 'ratio';
  name: string;
  baselineMs: number;
  oursMs: number;
  ratio: number;
  target: number;
  note?: string;
}

/** A benchmark with a fixed budget, such as "10k keywords in at most 2 s". */
export interface BudgetResult {
  kind: 'budget';
  name: string;
  ms: number;
  budgetMs: number;
  note?: string;
}

export type BenchResult = RatioResult | BudgetResult;

export function printReport(results: BenchResult[]): boolean {
  let allMet = true;
  for (const result of results) {
    const met = result.kind === 'ratio' ? result.ratio >= result.target : result.ms <= result.budgetMs;
    allMet &&= met;
    const detail =
      result.kind === 'ratio'
        ? `baseline ${result.baselineMs.toFixed(0)} ms, ours ${result.oursMs.toFixed(0)} ms, ratio ${result.ratio.toFixed(2)} (target ≥ ${result.target})${result.note ? `; ${result.note}` : ''}`
        : `${result.ms.toFixed(0)} ms (budget ≤ ${result.budgetMs} ms)${result.note ? `; ${result.note}` : ''}`;
    process.stdout.write(`${met ? 'PASS' : 'MISS'}  ${result.name}\n      ${detail}\n`);
  }
  return allMet;
}
