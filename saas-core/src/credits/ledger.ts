import type { Knex } from 'knex';
import { Account } from '../accounts/models';
import { lockForUpdate } from '../platform/db';
import { InsufficientCreditsError, NotFoundError, ValidationError } from '../platform/errors';
import type { TenantScope } from '../platform/tenancy/actor';
import { accountScope } from '../platform/tenancy/scope';
import { type CreditOperation, CreditCost, CreditTransaction, CreditUsageLog, type TransactionType } from './models';

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

/** Refuses (402) before any AI call when the account cannot pay for it. */
export async function assertCanAfford(knex: Knex, scope: TenantScope, accountId: number, operation: CreditOperation, units: number): Promise<number> {
  const required = await estimateCredits(knex, operation, units);
  const account = await Account.query(knex).forTenant(scope).findById(accountId);
  if (!account) throw new NotFoundError('Account');
  const available = account.planCredits + account.bonusCredits;
  if (required > available) throw new InsufficientCreditsError(required, available);
  return required;
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
  transaction: CreditTransaction;
  /** False when the key had been charged before: nothing was taken the second time. */
  charged: boolean;
}

/**
 * Takes the credits for one finished operation, exactly once per `key` (a retried or duplicated job
 * finds its earlier transaction and pays nothing). Plan credits go first, then bonus credits. The
 * account row is locked, so concurrent charges are counted one after another and the balance never
 * goes below zero. Records the usage (model, tokens, USD) with the charge.
 */
export async function chargeCredits(
  knex: Knex,
  props: { accountId: number; operation: CreditOperation; units: number; key: string; description?: string; usage?: UsageDetails },
): Promise<ChargeResult> {
  return knex.transaction(async (trx) => {
    const scope = accountScope(props.accountId);
    const account = await lockForUpdate(trx, Account.query(trx).forTenant(scope).findById(props.accountId));
    if (!account) throw new NotFoundError('Account');
    const earlier = await CreditTransaction.query(trx).forTenant(scope).findOne({ idempotencyKey: props.key });
    if (earlier) return { transaction: earlier, charged: false };
    const amount = priceOf(await requireCost(trx, props.operation), props.units);
    const available = account.planCredits + account.bonusCredits;
    if (amount > available) throw new InsufficientCreditsError(amount, available);
    const fromPlan = Math.min(account.planCredits, amount);
    const transaction = await writeEntry(trx, account, {
      type: 'charge',
      operation: props.operation,
      plan: -fromPlan,
      bonus: -(amount - fromPlan),
      key: props.key,
      description: props.description ?? `${props.operation}: ${props.units}`,
    });
    await CreditUsageLog.query(trx)
      .forTenant(scope)
      .insert({
        transactionId: transaction.id,
        operation: props.operation,
        taskKey: props.usage?.taskKey ?? props.key,
        provider: props.usage?.provider ?? null,
        model: props.usage?.model ?? null,
        tokensIn: props.usage?.tokensIn ?? 0,
        tokensOut: props.usage?.tokensOut ?? 0,
        costUsd: props.usage?.costUsd ?? 0,
        credits: amount,
      });
    return { transaction, charged: true };
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
): Promise<ChargeResult> {
  const run = async (trx: Knex) => {
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
  return knex.isTransaction ? run(knex) : knex.transaction(run);
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
