/** One benchmark: ratio = baseline time / our time (1.0 = as fast as the baseline; higher is better). */
export interface BenchResult {
  name: string;
  baselineMs: number;
  oursMs: number;
  ratio: number;
  target: number;
}

export function printReport(results: BenchResult[]): boolean {
  let allMet = true;
  for (const result of results) {
    const met = result.ratio >= result.target;
    allMet &&= met;
    process.stdout.write(
      `${met ? 'PASS' : 'MISS'}  ${result.name}\n` +
        `      baseline ${result.baselineMs.toFixed(0)} ms, ours ${result.oursMs.toFixed(0)} ms, ratio ${result.ratio.toFixed(2)} (target ≥ ${result.target})\n`,
    );
  }
  return allMet;
}
