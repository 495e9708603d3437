import { benchAiPipeline } from './ai-pipeline';
import { benchKeywordImport } from './import-keywords';
import { benchLocalClustering } from './local-clustering';
import { benchWordPressPublishing } from './wordpress-publish';
import { type BenchResult, printReport } from './report';
import { startScratch } from './scratch';

/** BENCH_ONLY=clustering,import,ai,publish runs some of them. */
const only = (name: string) => !process.env.BENCH_ONLY || process.env.BENCH_ONLY.split(',').includes(name);

/** `npm run bench`: each benchmark against its baseline, measured in the same run on this machine. */
async function main(): Promise<void> {
  const results: BenchResult[] = only('clustering') ? [...benchLocalClustering()] : [];
  if (only('import')) {
    const scratch = await startScratch({ IMPORT_INLINE_MAX_BYTES: '0' });
    try {
      results.push(await benchKeywordImport(scratch));
    } finally {
      await scratch.close();
    }
  }
  if (only('ai')) results.push(await benchAiPipeline());
  if (only('publish')) results.push(await benchWordPressPublishing());
  process.exitCode = printReport(results) ? 0 : 1;
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
