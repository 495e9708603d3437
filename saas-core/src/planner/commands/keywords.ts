import type { Knex } from 'knex';
import { lockAccountPlan } from '../../accounts/commands/plan-limits';
import { ConflictError, NotFoundError, PlanLimitError, ValidationError } from '../../platform/errors';
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

  for (let start = 0; start < inputs.length; start += KEYWORD_BATCH_SIZE) {
    const batch = inputs.slice(start, start + KEYWORD_BATCH_SIZE).map((input, offset) => ({
      input,
      position: start + offset,
      keyword: cleanKeyword(input.keyword),
      normalized: normalizeKeyword(input.keyword),
    }));
    const existing = new Map<string, Record<string, unknown>>();
    const rows = (await trx('keywords')
      .where({ siteId: target.siteId, sectorId: target.sectorId })
      .whereIn(
        'normalizedKeyword',
        batch.map((item) => item.normalized),
      )
      .select('id', 'normalizedKeyword', ...METRICS)) as Record<string, unknown>[];
    for (const row of rows) existing.set(row.normalizedKeyword as string, row);

    const now = new Date();
    const inserts: Record<string, unknown>[] = [];
    const updates: Record<string, unknown>[] = [];
    const seen = new Set<string>();
    for (const item of batch) {
      if (seen.has(item.normalized)) {
        outcome.duplicates += 1;
        continue;
      }
      seen.add(item.normalized);
      const current = existing.get(item.normalized);
      if (current) {
        const changes = options.updateExisting ? changedMetrics(current, item.input) : {};
        if (Object.keys(changes).length === 0) outcome.duplicates += 1;
        else updates.push({ id: current.id, ...changes, updatedAt: now });
        continue;
      }
      if (stored + inserts.length >= plan.maxKeywords) {
        outcome.overLimit.push(item.position);
        continue;
      }
      inserts.push({
        accountId: target.accountId,
        siteId: target.siteId,
        sectorId: target.sectorId,
        keyword: item.keyword,
        normalizedKeyword: item.normalized,
        volume: item.input.volume ?? null,
        difficulty: item.input.difficulty ?? null,
        cpc: item.input.cpc ?? null,
        intent: item.input.intent ?? null,
        status: item.input.status ?? 'active',
        source: options.source,
        seedKeywordId: item.input.seedKeywordId ?? null,
        createdAt: now,
        updatedAt: now,
      });
    }
    // The sector was checked once by the caller (requireSectorTarget), so rows go in as one INSERT per batch.
    if (inserts.length > 0) await trx('keywords').insert(inserts);
    for (const update of updates) {
      const { id, ...changes } = update;
      await trx('keywords').where({ id }).update(changes);
    }
    stored += inserts.length;
    outcome.created += inserts.length;
    outcome.updated += updates.length;
  }
  return outcome;
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

export function assertRange(field: string, value: number | null | undefined, min: number, max: number): void {
  if (value !== null && value !== undefined && (value < min || value > max)) {
    throw new ValidationError(`${field} must be between ${min} and ${max}.`, { [field]: [`between ${min} and ${max}`] });
  }
}
