import type { Knex } from 'knex';
import { Account } from '../accounts/models';
import { inTransaction, lockForUpdate } from '../platform/db';
import { InsufficientCreditsError, NotFoundError, ValidationError } from '../platform/errors';
import type { TenantScope } from '../platform/tenancy/actor';
import { accountScope } from '../platform/tenancy/scope';
import { type CreditOperation, CreditCost, CreditHold, CreditTransaction, CreditUsageLog, type TransactionType } from './models';

/** A hold outlives any run's retries by far; past this a vanished run stops keeping credits away. */
export const HOLD_TTL_MS = 6 * 60 * 60_000;

/** Credits an operation on `units` items costs: `credits` per `per_units` (rounded up), at least `min_credits`. */
export function priceOf(cost: Pick<CreditCost, 'credits' | 'perUnits' | 'minCredits'>, units: number): number {
  if (units <= 0) return 0;
  return Math.max(cost.minCredits, Math.ceil(units / Math.max(1, cost.perUnits)) * cost.credits);
}

export async function requireCost(knex: Knex, operation: CreditOperation): Promise<CreditCost> {
  const cost = await CreditCost.query(knex).findOne({ operation });
  if (!cost) throw new NotFoundError(`Credit cost for ${operation}`);
  return cost;
}

export async function estimateCredits(knex: Knex, operation: CreditOperation, units: number): Promise<number> {
  return priceOf(await requireCost(knex, operation), units);
}

/** Credits set aside by runs that have started and not finished. */
async function heldCredits(knex: Knex, scope: TenantScope, accountId: number): Promise<number> {
  const builder = CreditHold.query(knex).forTenant(scope).where({ accountId, status: 'held' }).where('expiresAt', '>', new Date());
  const row = (await builder.sum('credits as total').first()) as unknown as { total: number | string | null } | undefined;
  return Number(row?.total ?? 0);
}

export interface CreditBalance {
  planCredits: number;
  bonusCredits: number;
  /** Set aside for runs in progress. */
  heldCredits: number;
  /** What a new run may use: plan + bonus − held. */
  available: number;
}

export async function creditBalance(knex: Knex, scope: TenantScope, accountId: number): Promise<CreditBalance> {
  const account = await Account.query(knex).forTenant(scope).findById(accountId);
  if (!account) throw new NotFoundError('Account');
  const held = await heldCredits(knex, scope, accountId);
  return {
    planCredits: account.planCredits,
    bonusCredits: account.bonusCredits,
    heldCredits: held,
    available: Math.max(0, account.planCredits + account.bonusCredits - held),
  };
}

/**
 * Sets credits aside for a run before any AI call, under the account lock, so concurrent starts
 * are counted one after another and an accepted run can always pay. Refuses with 402 when the
 * account cannot cover it. Safe to repeat with the same key. Returns the credits held.
 */
export async function reserveCredits(
  knex: Knex,
  props: { accountId: number; operation: CreditOperation; units: number; key: string },
): Promise<number> {
  const run = async (trx: Knex) => {
    const scope = accountScope(props.accountId);
    const account = await lockForUpdate(trx, Account.query(trx).forTenant(scope).findById(props.accountId));
    if (!account) throw new NotFoundError('Account');
    const existing = await CreditHold.query(trx).forTenant(scope).findOne({ holdKey: props.key });
    if (existing) return existing.status === 'held' ? existing.credits : 0;
    const amount = priceOf(await requireCost(trx, props.operation), props.units);
    if (amount === 0) return 0;
    const available = account.planCredits + account.bonusCredits - (await heldCredits(trx, scope, props.accountId));
    if (amount > available) throw new InsufficientCreditsError(amount, Math.max(0, available));
    await CreditHold.query(trx)
      .forTenant(scope)
      .insert({ holdKey: props.key, operation: props.operation, credits: amount, status: 'held', expiresAt: new Date(Date.now() + HOLD_TTL_MS) });
    return amount;
  };
  return inTransaction(knex, run);
}

/**
 * Takes the account's credit lock. A transaction that will charge takes it first: taking it after
 * inserting rows that refer to the account would upgrade a shared lock, which deadlocks.
 */
export async function lockCredits(trx: Knex, accountId: number): Promise<void> {
  await lockForUpdate(trx, Account.query(trx).forTenant(accountScope(accountId)).findById(accountId));
}

/** Gives a failed run's held credits back to the account. */
export async function releaseCredits(knex: Knex, accountId: number, key: string): Promise<void> {
  await CreditHold.query(knex).forTenant(accountScope(accountId)).where({ holdKey: key, status: 'held' }).patch({ status: 'released' });
}

export interface UsageDetails {
  taskKey?: string | null;
  provider?: string | null;
  model?: string | null;
  tokensIn?: number;
  tokensOut?: number;
  costUsd?: number;
}

export interface ChargeResult {
  /** Null when the operation is free: the usage is still recorded, the ledger gets no empty entry. */
  transaction: CreditTransaction | null;
  /** False when the key had been charged before: nothing was taken the second time. */
  charged: boolean;
}

export interface GrantResult {
  transaction: CreditTransaction;
  /** False when the key had been used before: nothing was added the second time. */
  charged: boolean;
}

/**
 * Takes the credits for one finished operation, exactly once per `key` (a retried or duplicated job
 * finds its earlier transaction and pays nothing), settling the hold of the same key. Plan credits
 * go first, then bonus credits. The account row is locked, so concurrent charges are counted one
 * after another; credits other runs hold are not touched, and the balance never goes below zero.
 * Records the usage (model, tokens, USD) with the charge. Joins the caller's transaction when given one.
 */
export async function chargeCredits(
  knex: Knex,
  props: { accountId: number; operation: CreditOperation; units: number; key: string; description?: string; usage?: UsageDetails },
): Promise<ChargeResult> {
  const run = async (trx: Knex) => {
    const scope = accountScope(props.accountId);
    const account = await lockForUpdate(trx, Account.query(trx).forTenant(scope).findById(props.accountId));
    if (!account) throw new NotFoundError('Account');
    const earlier = await CreditTransaction.query(trx).forTenant(scope).findOne({ idempotencyKey: props.key });
    if (earlier) return { transaction: earlier, charged: false };
    const amount = priceOf(await requireCost(trx, props.operation), props.units);
    if (amount === 0) {
      await recordUsage(trx, props.accountId, { operation: props.operation, key: props.key, credits: 0, usage: props.usage });
      await CreditHold.query(trx).forTenant(scope).where({ holdKey: props.key, status: 'held' }).patch({ status: 'settled' });
      return { transaction: null, charged: false };
    }
    const balance = account.planCredits + account.bonusCredits;
    const own = await CreditHold.query(trx).forTenant(scope).findOne({ holdKey: props.key, status: 'held' });
    const held = own && own.expiresAt > new Date() ? own.credits : 0;
    // A run spends its own hold first; anything beyond it must come from credits nobody holds.
    const unheld = balance - (await heldCredits(trx, scope, props.accountId));
    const available = Math.min(balance, held + Math.max(0, unheld));
    if (amount > available) throw new InsufficientCreditsError(amount, Math.max(0, available));
    const fromPlan = Math.min(account.planCredits, amount);
    const transaction = await writeEntry(trx, account, {
      type: 'charge',
      operation: props.operation,
      plan: -fromPlan,
      bonus: -(amount - fromPlan),
      key: props.key,
      description: props.description ?? `${props.operation}: ${props.units}`,
    });
    await recordUsage(trx, props.accountId, {
      operation: props.operation,
      key: props.key,
      transactionId: transaction.id,
      credits: amount,
      usage: props.usage,
    });
    await CreditHold.query(trx).forTenant(scope).where({ holdKey: props.key, status: 'held' }).patch({ status: 'settled' });
    return { transaction, charged: true };
  };
  return inTransaction(knex, run);
}

/** What an AI call used and cost; a failed run's calls are recorded too, with no credits. */
export async function recordUsage(
  knex: Knex,
  accountId: number,
  props: { operation: CreditOperation; key: string; transactionId?: number | null; credits: number; usage?: UsageDetails },
): Promise<void> {
  await CreditUsageLog.query(knex)
    .forTenant(accountScope(accountId))
    .insert({
      transactionId: props.transactionId ?? null,
      operation: props.operation,
      taskKey: props.usage?.taskKey ?? props.key,
      provider: props.usage?.provider ?? null,
      model: props.usage?.model ?? null,
      tokensIn: props.usage?.tokensIn ?? 0,
      tokensOut: props.usage?.tokensOut ?? 0,
      costUsd: props.usage?.costUsd ?? 0,
      credits: props.credits,
    });
}

/** Adds plan or bonus credits (sign-up, renewal, a purchase, an admin's gift), once per key. */
export async function grantCredits(
  knex: Knex,
  props: {
    accountId: number;
    type: Extract<TransactionType, 'plan_grant' | 'bonus_grant' | 'adjustment' | 'refund'>;
    plan?: number;
    bonus?: number;
    key: string;
    description: string;
    createdById?: number | null;
  },
): Promise<GrantResult> {
  const run = async (trx: Knex): Promise<GrantResult> => {
    const scope = accountScope(props.accountId);
    const account = await lockForUpdate(trx, Account.query(trx).forTenant(scope).findById(props.accountId));
    if (!account) throw new NotFoundError('Account');
    const earlier = await CreditTransaction.query(trx).forTenant(scope).findOne({ idempotencyKey: props.key });
    if (earlier) return { transaction: earlier, charged: false };
    if (account.planCredits + (props.plan ?? 0) < 0 || account.bonusCredits + (props.bonus ?? 0) < 0) {
      throw new ValidationError('That would take the balance below zero.', undefined, 'BALANCE_BELOW_ZERO');
    }
    const transaction = await writeEntry(trx, account, {
      type: props.type,
      operation: null,
      plan: props.plan ?? 0,
      bonus: props.bonus ?? 0,
      key: props.key,
      description: props.description,
      createdById: props.createdById ?? null,
    });
    return { transaction, charged: true };
  };
  return inTransaction(knex, run);
}

/** Moves the account's balances and writes the ledger entry with the balances after it. Caller holds the account lock. */
async function writeEntry(
  trx: Knex,
  account: Account,
  entry: {
    type: TransactionType;
    operation: CreditOperation | null;
    plan: number;
    bonus: number;
    key: string;
    description: string;
    createdById?: number | null;
  },
): Promise<CreditTransaction> {
  const scope = accountScope(account.id);
  const planCredits = account.planCredits + entry.plan;
  const bonusCredits = account.bonusCredits + entry.bonus;
  await Account.query(trx).forTenant(scope).findById(account.id).patch({ planCredits, bonusCredits });
  return CreditTransaction.query(trx)
    .forTenant(scope)
    .insertAndFetch({
      type: entry.type,
      operation: entry.operation,
      amount: entry.plan + entry.bonus,
      planAmount: entry.plan,
      bonusAmount: entry.bonus,
      balanceAfter: planCredits + bonusCredits,
      planBalanceAfter: planCredits,
      bonusBalanceAfter: bonusCredits,
      idempotencyKey: entry.key,
      description: entry.description.slice(0, 255),
      createdById: entry.createdById ?? null,
    });
}
