import type { Knex } from 'knex';
import { cached } from '../platform/cache';
import { inTransaction, lockForUpdate } from '../platform/db';
import { InsufficientCreditsError, NotFoundError, ValidationError } from '../platform/errors';
import type { TenantScope } from '../platform/tenancy/actor';
import { accountScope } from '../platform/tenancy/scope';
import { type CreditOperation, CreditCost, CreditHold, CreditTransaction, CreditUsageLog, CreditWallet, type TransactionType } from './models';

/** A hold outlives any run's retries by far; past this a vanished run stops keeping credits away. */
export const HOLD_TTL_MS = 6 * 60 * 60_000;

/** Credits an operation on `units` items costs: `credits` per `per_units` (rounded up), at least `min_credits`. */
export function priceOf(cost: Pick<CreditCost, 'credits' | 'perUnits' | 'minCredits'>, units: number): number {
  if (units <= 0) return 0;
  return Math.max(cost.minCredits, Math.ceil(units / Math.max(1, cost.perUnits)) * cost.credits);
}

/** The cache key of an operation's cost: costs are platform settings, read by every run (see platform/cache). */
export const costKey = (operation: CreditOperation) => `credit-cost:${operation}`;

export async function requireCost(knex: Knex, operation: CreditOperation): Promise<CreditCost> {
  const cost = await cached(knex, costKey(operation), () => CreditCost.query(knex).findOne({ operation }), { inTransactions: true });
  if (!cost) throw new NotFoundError(`Credit cost for ${operation}`);
  return cost;
}

export async function estimateCredits(knex: Knex, operation: CreditOperation, units: number): Promise<number> {
  return priceOf(await requireCost(knex, operation), units);
}

/** The wallet, locked until the transaction ends; take it last, after the transaction's other writes. */
async function lockWallet(trx: Knex, accountId: number): Promise<CreditWallet> {
  const wallet = await lockForUpdate(trx, CreditWallet.query(trx).forTenant(accountScope(accountId)).findOne({ accountId }));
  if (!wallet) throw new NotFoundError('Account');
  return wallet;
}

/** Opens a new account's wallet, empty; credits come in through the ledger. */
export async function openWallet(trx: Knex, accountId: number): Promise<void> {
  await CreditWallet.query(trx).forTenant(accountScope(accountId)).insert({ accountId, planCredits: 0, bonusCredits: 0, heldCredits: 0 });
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
  const wallet = await CreditWallet.query(knex).forTenant(scope).findOne({ accountId });
  if (!wallet) throw new NotFoundError('Account');
  // What active holds add up to (the wallet's counter still includes holds that expired unclaimed).
  const row = (await CreditHold.query(knex)
    .forTenant(scope)
    .where({ accountId, status: 'held' })
    .where('expiresAt', '>', new Date())
    .sum('credits as total')
    .first()) as unknown as { total: number | string | null } | undefined;
  const held = Number(row?.total ?? 0);
  return {
    planCredits: wallet.planCredits,
    bonusCredits: wallet.bonusCredits,
    heldCredits: held,
    available: Math.max(0, wallet.planCredits + wallet.bonusCredits - held),
  };
}

/** Loads the accounts' balances onto them, for presenting. */
export async function withBalances<A extends { id: number; balance?: { plan: number; bonus: number } }>(
  knex: Knex,
  scope: TenantScope,
  accounts: A[],
): Promise<A[]> {
  const wallets = await CreditWallet.query(knex)
    .forTenant(scope)
    .whereIn(
      'accountId',
      accounts.map((account) => account.id),
    );
  for (const account of accounts) {
    const wallet = wallets.find((candidate) => candidate.accountId === account.id);
    account.balance = { plan: wallet?.planCredits ?? 0, bonus: wallet?.bonusCredits ?? 0 };
  }
  return accounts;
}

/**
 * Adds `amount` to the wallet's held credits if the account can cover it, in one statement: the
 * check and the change cannot be split by another run. True when it could.
 */
async function holdInWallet(trx: Knex, accountId: number, amount: number): Promise<boolean> {
  const changed = await CreditWallet.query(trx)
    .forTenant(accountScope(accountId))
    .where({ accountId })
    .whereRaw('plan_credits + bonus_credits - held_credits >= ?', [amount])
    .increment('heldCredits', amount);
  return Number(changed) === 1;
}

/** Holds whose run vanished give their credits back, so they do not stay set aside for ever. */
async function releaseExpiredHolds(trx: Knex, accountId: number): Promise<void> {
  const scope = accountScope(accountId);
  const expired = await CreditHold.query(trx).forTenant(scope).where({ accountId, status: 'held' }).where('expiresAt', '<=', new Date());
  for (const hold of expired) await releaseHold(trx, accountId, hold);
}

async function releaseHold(trx: Knex, accountId: number, hold: CreditHold): Promise<void> {
  const scope = accountScope(accountId);
  const released = await CreditHold.query(trx).forTenant(scope).findById(hold.id).where({ status: 'held' }).patch({ status: 'released' });
  if (Number(released) === 1) await CreditWallet.query(trx).forTenant(scope).where({ accountId }).decrement('heldCredits', hold.credits);
}

/**
 * Sets credits aside for a run before any AI call, so an accepted run can always pay and
 * concurrent starts never promise the same credits twice. Refuses with 402 when the account cannot
 * cover it. Safe to repeat with the same key. Returns the credits held. The wallet is touched by
 * one conditional statement, last, so its lock is held only until the commit.
 */
export async function reserveCredits(
  knex: Knex,
  props: { accountId: number; operation: CreditOperation; units: number; key: string; firstTime?: boolean },
): Promise<number> {
  const run = async (trx: Knex) => {
    const scope = accountScope(props.accountId);
    // A key made for this very call (a new run's id) has no hold yet: no need to look.
    const existing = props.firstTime ? undefined : await CreditHold.query(trx).forTenant(scope).findOne({ holdKey: props.key });
    if (existing?.status === 'settled') return 0; // charged already
    if (existing?.status === 'held' && existing.expiresAt > new Date()) return existing.credits;
    const amount = priceOf(await requireCost(trx, props.operation), props.units);
    if (amount === 0) return 0;
    if (existing?.status === 'held') await releaseHold(trx, props.accountId, existing); // expired: its old amount comes off first
    const hold = { operation: props.operation, credits: amount, status: 'held' as const, expiresAt: new Date(Date.now() + HOLD_TTL_MS) };
    // A hold that expired or was given back is taken up again under the same key.
    if (existing) await CreditHold.query(trx).forTenant(scope).findById(existing.id).patch(hold);
    else
      await CreditHold.query(trx)
        .forTenant(scope)
        .insert({ holdKey: props.key, ...hold });
    if (await holdInWallet(trx, props.accountId, amount)) return amount;
    await releaseExpiredHolds(trx, props.accountId);
    if (await holdInWallet(trx, props.accountId, amount)) return amount;
    const wallet = await CreditWallet.query(trx).forTenant(scope).findOne({ accountId: props.accountId });
    throw new InsufficientCreditsError(amount, Math.max(0, (wallet?.planCredits ?? 0) + (wallet?.bonusCredits ?? 0) - (wallet?.heldCredits ?? 0)));
  };
  return inTransaction(knex, run);
}

/**
 * Holds credits for new runs of one account (keys made for them, never used before), all or none:
 * the holds in one statement and the wallet in one conditional statement, last, whatever their
 * number. Refuses with 402 when the account cannot cover them all. Returns each run's credits.
 */
export async function reserveNewRuns(
  knex: Knex,
  accountId: number,
  runs: { operation: CreditOperation; units: number; key: string }[],
): Promise<number[]> {
  if (runs.length === 0) return [];
  if (runs.length === 1) return [await reserveCredits(knex, { accountId, ...runs[0]!, firstTime: true })];
  return inTransaction(knex, async (trx) => {
    const scope = accountScope(accountId);
    const amounts: number[] = [];
    for (const run of runs) amounts.push(priceOf(await requireCost(trx, run.operation), run.units));
    const total = amounts.reduce((sum, amount) => sum + amount, 0);
    if (total === 0) return amounts;
    const expiresAt = new Date(Date.now() + HOLD_TTL_MS);
    await CreditHold.insertRows(
      trx,
      runs.flatMap((run, index) =>
        amounts[index]! > 0
          ? [{ scope, values: { holdKey: run.key, operation: run.operation, credits: amounts[index]!, status: 'held', expiresAt } }]
          : [],
      ),
    );
    if (await holdInWallet(trx, accountId, total)) return amounts;
    await releaseExpiredHolds(trx, accountId);
    if (await holdInWallet(trx, accountId, total)) return amounts;
    const wallet = await CreditWallet.query(trx).forTenant(scope).findOne({ accountId });
    throw new InsufficientCreditsError(total, Math.max(0, (wallet?.planCredits ?? 0) + (wallet?.bonusCredits ?? 0) - (wallet?.heldCredits ?? 0)));
  });
}

/** Gives a failed run's held credits back to the account. */
export async function releaseCredits(knex: Knex, accountId: number, key: string): Promise<void> {
  await inTransaction(knex, async (trx) => {
    const hold = await CreditHold.query(trx).forTenant(accountScope(accountId)).findOne({ holdKey: key, status: 'held' });
    if (hold) await releaseHold(trx, accountId, hold);
  });
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

/** One operation to charge for: `units` priced by the operation's cost, once per `key`. */
export interface Charge {
  operation: CreditOperation;
  units: number;
  key: string;
  description?: string;
  usage?: UsageDetails;
}

/**
 * Takes the credits for one finished operation, exactly once per `key` (a retried or duplicated job
 * finds its earlier transaction and pays nothing), settling the hold of the same key. Plan credits
 * go first, then bonus credits. The wallet row is locked (last, until the commit), so concurrent
 * charges are counted one after another; credits other runs hold are not touched, and the balance
 * never goes below zero.
 * Records the usage (model, tokens, USD) with the charge. Joins the caller's transaction when given one.
 */
export async function chargeCredits(knex: Knex, props: Charge & { accountId: number }): Promise<ChargeResult> {
  const [result] = await chargeAccount(knex, props.accountId, [props]);
  return result!;
}

/**
 * Charges of one account, applied in order by chargeCredits' rules, in one go: the AI worker settles
 * runs that finish together this way, with one lock of the wallet and one statement per table for
 * all of them. All or none: when one cannot be paid (402), nothing is charged.
 * `keysAreNew`: the caller knows no key was charged before (the AI worker does, from the task it
 * completes in the same transaction), so they are not looked up; the ledger's unique key on them
 * would still refuse a second charge.
 */
export async function chargeAccount(
  knex: Knex,
  accountId: number,
  charges: Charge[],
  options: { keysAreNew?: boolean } = {},
): Promise<ChargeResult[]> {
  const run = async (trx: Knex) => {
    const scope = accountScope(accountId);
    const keys = charges.map((charge) => charge.key);
    const earlier = new Map(
      options.keysAreNew
        ? []
        : (await CreditTransaction.query(trx).forTenant(scope).whereIn('idempotencyKey', keys)).map((entry) => [entry.idempotencyKey, entry]),
    );
    const due = charges.filter((charge, index) => !earlier.has(charge.key) && keys.indexOf(charge.key) === index);
    const amounts = new Map<string, number>();
    for (const charge of due) amounts.set(charge.key, priceOf(await requireCost(trx, charge.operation), charge.units));
    // The runs' own holds are settled first, locked (a lapsed one may be released meanwhile)…
    const holds =
      due.length === 0
        ? []
        : await lockForUpdate(
            trx,
            CreditHold.query(trx)
              .forTenant(scope)
              .whereIn(
                'holdKey',
                due.map((charge) => charge.key),
              )
              .where({ status: 'held' }),
          );
    const holdOf = new Map(holds.map((hold) => [hold.holdKey, hold]));
    if (holds.length > 0)
      await CreditHold.query(trx)
        .forTenant(scope)
        .whereIn(
          'id',
          holds.map((hold) => hold.id),
        )
        .patch({ status: 'settled' });
    // …then the wallet, locked for the few statements before the commit.
    const wallet = holds.length > 0 || [...amounts.values()].some((amount) => amount > 0) ? await lockWallet(trx, accountId) : null;
    const balances = wallet ? { plan: wallet.planCredits, bonus: wallet.bonusCredits, held: wallet.heldCredits } : null;
    const entries: Record<string, unknown>[] = [];
    const now = new Date();
    for (const charge of due) {
      const amount = amounts.get(charge.key)!;
      const hold = holdOf.get(charge.key);
      if (amount > 0 && balances) {
        const balance = balances.plan + balances.bonus;
        const own = hold && hold.expiresAt > now ? hold.credits : 0;
        // A run spends its own hold first; anything beyond it must come from credits nobody holds.
        const available = Math.min(balance, own + Math.max(0, balance - balances.held));
        if (amount > available) throw new InsufficientCreditsError(amount, Math.max(0, available));
        const fromPlan = Math.min(balances.plan, amount);
        balances.plan -= fromPlan;
        balances.bonus -= amount - fromPlan;
        entries.push({
          type: 'charge',
          operation: charge.operation,
          amount: -amount,
          planAmount: -fromPlan,
          bonusAmount: -(amount - fromPlan),
          balanceAfter: balances.plan + balances.bonus,
          planBalanceAfter: balances.plan,
          bonusBalanceAfter: balances.bonus,
          idempotencyKey: charge.key,
          description: (charge.description ?? `${charge.operation}: ${charge.units}`).slice(0, 255),
          createdById: null,
        });
      }
      if (hold && balances) balances.held = Math.max(0, balances.held - hold.credits);
    }
    if (wallet && balances) {
      await CreditWallet.query(trx)
        .forTenant(scope)
        .findById(wallet.id)
        .patch({ planCredits: balances.plan, bonusCredits: balances.bonus, heldCredits: balances.held });
    }
    const written = await insertTransactions(trx, scope, entries);
    // A free operation leaves no ledger entry; its usage is still recorded, with no credits.
    await CreditUsageLog.insertRows(
      trx,
      due.map((charge) => ({
        scope,
        values: usageRow(
          charge.operation,
          charge.key,
          written.get(charge.key)?.id ?? null,
          written.has(charge.key) ? amounts.get(charge.key)! : 0,
          charge.usage,
        ),
      })),
    );
    return charges.map((charge): ChargeResult => {
      const transaction = written.get(charge.key);
      if (transaction && due.includes(charge)) return { transaction, charged: true };
      return { transaction: earlier.get(charge.key) ?? transaction ?? null, charged: false };
    });
  };
  return inTransaction(knex, run);
}

/** Ledger entries, by key, in one INSERT. */
async function insertTransactions(trx: Knex, scope: TenantScope, rows: Record<string, unknown>[]): Promise<Map<string, CreditTransaction>> {
  const entries = await CreditTransaction.insertRowsWithIds(
    trx,
    rows.map((values) => ({ scope, values })),
  );
  return new Map(entries.map((entry) => [entry.idempotencyKey, entry]));
}

function usageRow(operation: CreditOperation, key: string, transactionId: number | null, credits: number, usage?: UsageDetails) {
  return {
    transactionId,
    operation,
    taskKey: usage?.taskKey ?? key,
    provider: usage?.provider ?? null,
    model: usage?.model ?? null,
    tokensIn: usage?.tokensIn ?? 0,
    tokensOut: usage?.tokensOut ?? 0,
    costUsd: usage?.costUsd ?? 0,
    credits,
  };
}

/** What an AI call used and cost; a failed run's calls are recorded too, with no credits. */
export async function recordUsage(
  knex: Knex,
  accountId: number,
  props: { operation: CreditOperation; key: string; transactionId?: number | null; credits: number; usage?: UsageDetails },
): Promise<void> {
  await CreditUsageLog.query(knex)
    .forTenant(accountScope(accountId))
    .insert(usageRow(props.operation, props.key, props.transactionId ?? null, props.credits, props.usage));
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
    const earlier = await CreditTransaction.query(trx).forTenant(scope).findOne({ idempotencyKey: props.key });
    if (earlier) return { transaction: earlier, charged: false };
    const wallet = await lockWallet(trx, props.accountId);
    if (wallet.planCredits + (props.plan ?? 0) < 0 || wallet.bonusCredits + (props.bonus ?? 0) < 0) {
      throw new ValidationError('That would take the balance below zero.', undefined, 'BALANCE_BELOW_ZERO');
    }
    const transaction = await writeEntry(trx, props.accountId, wallet, {
      type: props.type,
      operation: null,
      plan: props.plan ?? 0,
      bonus: props.bonus ?? 0,
      held: 0,
      key: props.key,
      description: props.description,
      createdById: props.createdById ?? null,
    });
    return { transaction, charged: true };
  };
  return inTransaction(knex, run);
}

/** Moves the wallet's balances and writes the ledger entry with the balances after it. Caller holds the wallet lock. */
async function writeEntry(
  trx: Knex,
  accountId: number,
  wallet: CreditWallet,
  entry: {
    type: TransactionType;
    operation: CreditOperation | null;
    plan: number;
    bonus: number;
    held: number;
    key: string;
    description: string;
    createdById?: number | null;
  },
): Promise<CreditTransaction> {
  const scope = accountScope(accountId);
  const planCredits = wallet.planCredits + entry.plan;
  const bonusCredits = wallet.bonusCredits + entry.bonus;
  await CreditWallet.query(trx)
    .forTenant(scope)
    .findById(wallet.id)
    .patch({ planCredits, bonusCredits, heldCredits: Math.max(0, wallet.heldCredits + entry.held) });
  return CreditTransaction.query(trx)
    .forTenant(scope)
    .insert({
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
