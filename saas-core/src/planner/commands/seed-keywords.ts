import type { Readable } from 'node:stream';
import type { Knex } from 'knex';
import { IndustrySector, SeedKeyword } from '../../industries/models';
import { NotFoundError, PlanLimitError } from '../../platform/errors';
import type { TenantScope } from '../../platform/tenancy/actor';
import { readKeywordCsv } from '../csv-io';
import type { ImportRowError } from '../models';
import { cleanKeyword, normalizeKeyword } from '../normalize';
import { KEYWORD_BATCH_SIZE, upsertKeywords } from './keywords';
import { lockAccountPlan } from '../../accounts/commands/plan-limits';
import { requireSectorTarget } from './sector-target';

export interface SeedImportOutcome {
  created: number;
  updated: number;
  duplicates: number;
  errors: ImportRowError[];
}

interface SeedRow {
  keyword: string;
  normalized: string;
  volume: number | null;
  difficulty: number | null;
  intent: string | null;
}

/** Curates the shared library: a keyword CSV into one industry sector, upserted on the normalised form. */
export async function importSeedKeywords(knex: Knex, industrySectorId: number, upload: Readable): Promise<SeedImportOutcome> {
  const industrySector = await IndustrySector.query(knex).findById(industrySectorId);
  if (!industrySector) throw new NotFoundError('Industry sector');
  const outcome: SeedImportOutcome = { created: 0, updated: 0, duplicates: 0, errors: [] };
  const seen = new Set<string>();
  let batch: SeedRow[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const rows = batch;
    batch = [];
    await knex.transaction(async (trx) => {
      const existing = new Map(
        (
          await SeedKeyword.query(trx)
            .where({ industrySectorId })
            .whereIn(
              'normalizedKeyword',
              rows.map((row) => row.normalized),
            )
        ).map((seed) => [seed.normalizedKeyword, seed]),
      );
      const now = new Date();
      const inserts = [];
      for (const row of rows) {
        const current = existing.get(row.normalized);
        if (!current) {
          inserts.push({ ...row, normalizedKeyword: row.normalized, normalized: undefined });
          continue;
        }
        const changed = (['volume', 'difficulty', 'intent'] as const).some((field) => row[field] !== null && row[field] !== current[field]);
        if (!changed) {
          outcome.duplicates += 1;
          continue;
        }
        await SeedKeyword.query(trx)
          .findById(current.id)
          .patch({ volume: row.volume ?? current.volume, difficulty: row.difficulty ?? current.difficulty, intent: row.intent ?? current.intent });
        outcome.updated += 1;
      }
      if (inserts.length > 0) {
        await trx('seed_keywords').insert(
          inserts.map((row) => ({
            industryId: industrySector.industryId,
            industrySectorId,
            keyword: row.keyword,
            normalizedKeyword: row.normalizedKeyword,
            volume: row.volume,
            difficulty: row.difficulty,
            intent: row.intent,
            isActive: true,
            createdAt: now,
            updatedAt: now,
          })),
        );
        outcome.created += inserts.length;
      }
    });
  };
  for await (const record of readKeywordCsv(upload)) {
    if (record.kind === 'error') {
      outcome.errors.push({ line: record.line, reason: record.reason });
      continue;
    }
    const normalized = normalizeKeyword(record.keyword.keyword);
    if (seen.has(normalized)) {
      outcome.duplicates += 1;
      continue;
    }
    seen.add(normalized);
    batch.push({
      keyword: cleanKeyword(record.keyword.keyword),
      normalized,
      volume: record.keyword.volume,
      difficulty: record.keyword.difficulty,
      intent: record.keyword.intent,
    });
    if (batch.length >= KEYWORD_BATCH_SIZE) await flush();
  }
  await flush();
  return outcome;
}

/** Copies library keywords into a sector; already present ones are duplicates. All or nothing against the plan. */
export async function addSeedKeywordsToSector(
  knex: Knex,
  scope: TenantScope,
  props: { siteId: number; sectorId: number; seedKeywordIds: number[] },
): Promise<{ created: number; duplicates: number }> {
  return knex.transaction(async (trx) => {
    const target = await requireSectorTarget(trx, scope, props.siteId, props.sectorId);
    const ids = [...new Set(props.seedKeywordIds)];
    const seeds = await SeedKeyword.query(trx).whereIn('id', ids).where('isActive', true);
    const missing = ids.filter((id) => !seeds.some((seed) => seed.id === id));
    if (missing.length > 0) throw new NotFoundError(`Seed keyword ${missing.slice(0, 10).join(', ')}`);
    const outcome = await upsertKeywords(
      trx,
      scope,
      target,
      seeds.map((seed) => ({
        keyword: seed.keyword,
        volume: seed.volume,
        difficulty: seed.difficulty,
        intent: seed.intent as never,
        seedKeywordId: seed.id,
      })),
      { source: 'seed', updateExisting: false },
    );
    if (outcome.overLimit.length > 0) throw new PlanLimitError('keywords', (await lockAccountPlan(trx, scope, target.accountId)).maxKeywords);
    return { created: outcome.created, duplicates: outcome.duplicates };
  });
}
