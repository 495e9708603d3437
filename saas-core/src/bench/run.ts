import { benchKeywordImport } from './import-keywords';
import { benchLocalClustering } from './local-clustering';
import { type BenchResult, printReport } from './report';
import { startScratch } from './scratch';

/** `npm run bench`: each benchmark against its baseline, measured in the same run on this machine. */
async function main(): Promise<void> {
  const scratch = await startScratch({ IMPORT_INLINE_MAX_BYTES: '0' });
  const results: BenchResult[] = [...benchLocalClustering()];
  try {
    results.push(await benchKeywordImport(scratch));
  } finally {
    await scratch.close();
  }
  process.exitCode = printReport(results) ? 0 : 1;
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
