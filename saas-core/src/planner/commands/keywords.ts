import type { Knex } from 'knex';
import { lockAccountPlan } from '../../accounts/commands/plan-limits';
import { insertSkippingDuplicates } from '../../platform/db';
import { ConflictError, NotFoundError, PlanLimitError } from '../../platform/errors';
import type { TenantScope } from '../../platform/tenancy/actor';
import { Keyword, type KeywordIntent, type KeywordSource, type KeywordStatus } from '../models';
import { cleanKeyword, normalizeKeyword } from '../normalize';
import { requireSectorTarget, type SectorTarget } from './sector-target';

export interface KeywordMetrics {
  volume?: number | null;
  difficulty?: number | null;
  cpc?: number | null;
  intent?: KeywordIntent | null;
}

export interface KeywordInput extends KeywordMetrics {
  keyword: string;
  status?: KeywordStatus;
  seedKeywordId?: number | null;
}

export interface UpsertOutcome {
  created: number;
  updated: number;
  duplicates: number;
  /** Positions (in the input) of rows refused because the plan's keyword limit was reached. */
  overLimit: number[];
}

/** Rows per INSERT: well under MySQL's and SQLite's placeholder limits. */
export const KEYWORD_BATCH_SIZE = 1000;

const METRICS = ['volume', 'difficulty', 'cpc', 'intent'] as const;
const KEYWORD_UNIQUE = ['siteId', 'sectorId', 'normalizedKeyword'];

interface BatchItem {
  input: KeywordInput;
  position: number;
  normalized: string;
  row: Record<string, unknown>;
}

function keywordRow(target: SectorTarget, input: KeywordInput, normalized: string, source: KeywordSource, now: Date): Record<string, unknown> {
  return {
    accountId: target.accountId,
    siteId: target.siteId,
    sectorId: target.sectorId,
    keyword: cleanKeyword(input.keyword),
    normalizedKeyword: normalized,
    volume: input.volume ?? null,
    difficulty: input.difficulty ?? null,
    cpc: input.cpc ?? null,
    intent: input.intent ?? null,
    status: input.status ?? 'active',
    source,
    seedKeywordId: input.seedKeywordId ?? null,
    createdAt: now,
    updatedAt: now,
  };
}

/** The stored metrics of a batch's keywords that exist in the sector, by normalised form. */
async function storedMetrics(trx: Knex, target: SectorTarget, batch: BatchItem[]): Promise<Map<string, Record<string, unknown>>> {
  const rows = (await trx('keywords')
    .where({ siteId: target.siteId, sectorId: target.sectorId })
    .whereIn(
      'normalizedKeyword',
      batch.map((item) => item.normalized),
    )
    .select('id', 'normalizedKeyword', ...METRICS)) as Record<string, unknown>[];
  return new Map(rows.map((row) => [row.normalizedKeyword as string, row]));
}

/**
 * Writes keywords into one sector in batches, de-duplicated on the normalised form:
 * a repeat within the input or of a stored keyword with the same metrics is a duplicate; a stored
 * keyword whose metrics the input changes is updated (`updateExisting`); the rest are created,
 * up to the plan's keyword limit. Call inside a transaction; it locks the account's plan row so
 * concurrent writers count against the limit one after another.
 */
export async function upsertKeywords(
  trx: Knex,
  scope: TenantScope,
  target: SectorTarget,
  inputs: KeywordInput[],
  options: { source: KeywordSource; updateExisting: boolean },
): Promise<UpsertOutcome> {
  const outcome: UpsertOutcome = { created: 0, updated: 0, duplicates: 0, overLimit: [] };
  const plan = await lockAccountPlan(trx, scope, target.accountId);
  let stored = Number(((await trx('keywords').where({ accountId: target.accountId }).count({ n: '*' })) as { n: number | string }[])[0]!.n);
  const now = new Date();
  const batches: BatchItem[][] = [];
  for (let start = 0; start < inputs.length; start += KEYWORD_BATCH_SIZE) {
    const seen = new Set<string>();
    const batch: BatchItem[] = [];
    for (const [offset, input] of inputs.slice(start, start + KEYWORD_BATCH_SIZE).entries()) {
      const normalized = normalizeKeyword(input.keyword);
      if (seen.has(normalized)) {
        outcome.duplicates += 1;
        continue;
      }
      seen.add(normalized);
      batch.push({ input, position: start + offset, normalized, row: keywordRow(target, input, normalized, options.source, now) });
    }
    batches.push(batch);
  }
  const unique = batches.reduce((sum, batch) => sum + batch.length, 0);

  if (stored + unique <= plan.maxKeywords) {
    // Room for every row: insert first (the statements queue on the connection, so each is built
    // while the one before runs), then look only at batches where some rows were already stored.
    const inserted = await Promise.all(batches.map((batch) => insertSkippingDuplicates(trx, 'keywords', rowsOf(batch), KEYWORD_UNIQUE)));
    for (const [index, batch] of batches.entries()) {
      outcome.created += inserted[index]!;
      if (inserted[index]! < batch.length) await settleStored(trx, target, batch, inserted[index]!, options.updateExisting, outcome, now);
    }
    return outcome;
  }

  // Near the limit: look first, so only the rows that fit are inserted.
  for (const batch of batches) {
    const existing = await storedMetrics(trx, target, batch);
    const fresh: BatchItem[] = [];
    for (const item of batch) {
      if (existing.has(item.normalized)) continue;
      if (stored + fresh.length < plan.maxKeywords) fresh.push(item);
      else outcome.overLimit.push(item.position);
    }
    const inserted = await insertSkippingDuplicates(trx, 'keywords', rowsOf(fresh), KEYWORD_UNIQUE);
    stored += inserted;
    outcome.created += inserted;
    const known = batch.filter((item) => existing.has(item.normalized));
    await settleStored(trx, target, known, 0, options.updateExisting, outcome, now);
  }
  return outcome;
}

const rowsOf = (batch: BatchItem[]) => batch.map((item) => item.row);

/**
 * Counts a batch's rows that were already stored: an update when the input changes a metric,
 * else a duplicate. Rows this batch has just inserted read back unchanged, so `inserted` of them
 * are taken off the duplicates.
 */
async function settleStored(
  trx: Knex,
  target: SectorTarget,
  batch: BatchItem[],
  inserted: number,
  updateExisting: boolean,
  outcome: UpsertOutcome,
  now: Date,
): Promise<void> {
  if (batch.length === 0) return;
  const existing = await storedMetrics(trx, target, batch);
  let updates = 0;
  for (const item of batch) {
    const current = existing.get(item.normalized);
    const changes = current && updateExisting ? changedMetrics(current, item.input) : {};
    if (Object.keys(changes).length === 0) continue;
    await trx('keywords')
      .where({ id: current!.id })
      .update({ ...changes, updatedAt: now });
    updates += 1;
  }
  outcome.updated += updates;
  outcome.duplicates += batch.length - inserted - updates;
}

function changedMetrics(current: Record<string, unknown>, input: KeywordMetrics): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  for (const metric of METRICS) {
    const next = input[metric];
    if (next === undefined || next === null) continue;
    const before = current[metric];
    const same = metric === 'cpc' ? before !== null && Number(before) === Number(next) : before === next;
    if (!same) changes[metric] = next;
  }
  return changes;
}

/** bulk_create: all or nothing against the plan limit. */
export async function bulkCreateKeywords(
  knex: Knex,
  scope: TenantScope,
  props: { siteId: number; sectorId: number; keywords: KeywordInput[]; source?: KeywordSource },
): Promise<Omit<UpsertOutcome, 'overLimit'>> {
  return knex.transaction(async (trx) => {
    const target = await requireSectorTarget(trx, scope, props.siteId, props.sectorId);
    const outcome = await upsertKeywords(trx, scope, target, props.keywords, { source: props.source ?? 'manual', updateExisting: true });
    if (outcome.overLimit.length > 0) {
      const plan = await lockAccountPlan(trx, scope, target.accountId);
      throw new PlanLimitError('keywords', plan.maxKeywords);
    }
    return { created: outcome.created, updated: outcome.updated, duplicates: outcome.duplicates };
  });
}

export async function createKeyword(
  knex: Knex,
  scope: TenantScope,
  props: KeywordInput & { siteId: number; sectorId: number; source?: KeywordSource },
): Promise<Keyword> {
  return knex.transaction(async (trx) => {
    const target = await requireSectorTarget(trx, scope, props.siteId, props.sectorId);
    const plan = await lockAccountPlan(trx, scope, target.accountId);
    const normalized = normalizeKeyword(props.keyword);
    const clash = await Keyword.query(trx)
      .forTenant(scope)
      .findOne({ siteId: target.siteId, sectorId: target.sectorId, normalizedKeyword: normalized });
    if (clash) throw duplicateError(clash);
    const count = await Keyword.query(trx).forTenant(scope).resultSize();
    if (count >= plan.maxKeywords) throw new PlanLimitError('keywords', plan.maxKeywords);
    return Keyword.query(trx)
      .forTenant(scope)
      .insertAndFetch({
        siteId: target.siteId,
        sectorId: target.sectorId,
        keyword: cleanKeyword(props.keyword),
        normalizedKeyword: normalized,
        volume: props.volume ?? null,
        difficulty: props.difficulty ?? null,
        cpc: props.cpc ?? null,
        intent: props.intent ?? null,
        status: props.status ?? 'active',
        source: props.source ?? 'manual',
        seedKeywordId: props.seedKeywordId ?? null,
      });
  });
}

function duplicateError(existing: Keyword): ConflictError {
  return new ConflictError(`"${existing.keyword}" is already a keyword of this sector (id ${existing.id}).`, 'KEYWORD_DUPLICATE');
}

export async function requireKeyword(knex: Knex, scope: TenantScope, id: number): Promise<Keyword> {
  const keyword = await Keyword.query(knex).forTenant(scope).findById(id);
  if (!keyword) throw new NotFoundError('Keyword');
  return keyword;
}

export async function updateKeyword(knex: Knex, scope: TenantScope, id: number, props: Partial<KeywordInput>): Promise<Keyword> {
  return knex.transaction(async (trx) => {
    const keyword = await requireKeyword(trx, scope, id);
    const patch: Partial<Keyword> = {
      volume: props.volume,
      difficulty: props.difficulty,
      cpc: props.cpc,
      intent: props.intent,
      status: props.status,
    };
    if (props.keyword !== undefined) {
      const normalized = normalizeKeyword(props.keyword);
      if (normalized !== keyword.normalizedKeyword) {
        const clash = await Keyword.query(trx)
          .forTenant(scope)
          .findOne({ siteId: keyword.siteId, sectorId: keyword.sectorId, normalizedKeyword: normalized });
        if (clash) throw duplicateError(clash);
      }
      Object.assign(patch, { keyword: cleanKeyword(props.keyword), normalizedKeyword: normalized });
    }
    return keyword.$query(trx).forTenant(scope).patchAndFetch(stripUndefined(patch));
  });
}

export async function deleteKeywords(knex: Knex, scope: TenantScope, ids: number[]): Promise<{ deleted: number; notFound: number[] }> {
  return knex.transaction(async (trx) => {
    const found = (await Keyword.query(trx).forTenant(scope).whereIn('keywords.id', ids).select('keywords.id')).map((row) => row.id);
    if (found.length > 0) await Keyword.query(trx).forTenant(scope).whereIn('keywords.id', found).delete();
    return { deleted: found.length, notFound: ids.filter((id) => !found.includes(id)) };
  });
}

export async function updateKeywordStatuses(
  knex: Knex,
  scope: TenantScope,
  ids: number[],
  status: KeywordStatus,
): Promise<{ updated: number; notFound: number[] }> {
  return knex.transaction(async (trx) => {
    const found = (await Keyword.query(trx).forTenant(scope).whereIn('keywords.id', ids).select('keywords.id')).map((row) => row.id);
    if (found.length > 0) await Keyword.query(trx).forTenant(scope).whereIn('keywords.id', found).patch({ status });
    return { updated: found.length, notFound: ids.filter((id) => !found.includes(id)) };
  });
}

export function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as Partial<T>;
}
