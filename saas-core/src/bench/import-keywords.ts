import { performance } from 'node:perf_hooks';
import { callApi } from './http';
import type { BenchResult } from './report';
import type { Scratch } from './scratch';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);

function rows(count: number) {
  return Array.from({ length: count }, (_, index) => ({
    keyword: `benchmark keyword ${index}`,
    volume: index % 5000,
    difficulty: index % 101,
    cpc: (index % 300) / 100,
  }));
}

/** The baseline: the same rows straight into the table with knex, 1,000 per INSERT. */
async function rawInsert(scratch: Scratch, sectorId: number): Promise<number> {
  const { knex } = scratch.services;
  const now = new Date();
  const started = performance.now();
  const all = rows(ROWS).map((row) => ({
    accountId: scratch.accountId,
    siteId: scratch.siteId,
    sectorId,
    keyword: row.keyword,
    normalizedKeyword: row.keyword,
    volume: row.volume,
    difficulty: row.difficulty,
    cpc: row.cpc,
    status: 'active',
    source: 'csv_import',
    createdAt: now,
    updatedAt: now,
  }));
  for (let start = 0; start < all.length; start += 1000) await knex('keywords').insert(all.slice(start, start + 1000));
  return performance.now() - started;
}

/** Ours: upload the CSV through the API and wait for the import job to finish. */
async function apiImport(scratch: Scratch, sectorId: number): Promise<number> {
  const csv = ['Keyword,Volume,KD,CPC', ...rows(ROWS).map((row) => `${row.keyword},${row.volume},${row.difficulty},${row.cpc}`)].join('\n');
  const started = Date.now();
  let state = await callApi<{ id: number; status: string; created: number; finished_at: string | null }>(
    scratch.baseUrl,
    scratch.token,
    `/planner/keywords/import_csv/?site_id=${scratch.siteId}&sector_id=${sectorId}`,
    { method: 'POST', headers: { 'Content-Type': 'text/csv' }, body: csv },
  );
  // Poll as a UI would; the end is the import's own finished_at (same machine clock), so the
  // polling interval neither adds to the time nor competes with the import for the CPU.
  while (state.status === 'queued' || state.status === 'running') {
    await new Promise((resolve) => setTimeout(resolve, 250));
    state = await callApi(scratch.baseUrl, scratch.token, `/planner/keyword-imports/${state.id}/`);
  }
  const elapsed = Date.parse(state.finished_at ?? '') - started;
  if (state.status !== 'completed' || state.created !== ROWS) throw new Error(`import ended ${state.status} with ${state.created} rows`);
  return elapsed;
}

export async function benchKeywordImport(scratch: Scratch): Promise<BenchResult> {
  let baseline = Infinity;
  let ours = Infinity;
  // Alternate the two, twice, and keep each one's best run.
  for (let round = 0; round < 2; round += 1) {
    baseline = Math.min(baseline, await rawInsert(scratch, await scratch.newSector(`raw ${round}`)));
    ours = Math.min(ours, await apiImport(scratch, await scratch.newSector(`api ${round}`)));
  }
  return {
    kind: 'ratio',
    name: `CSV import of ${ROWS.toLocaleString('en-US')} keywords through the API vs raw knex batch insert`,
    baselineMs: baseline,
    oursMs: ours,
    ratio: baseline / ours,
    target: 0.7,
  };
}
