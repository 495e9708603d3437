import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { Fixture } from '../test/fixture-types';
import type { Tenant, TestContext } from '../test/harness';
import { grantCredits } from './ledger';

/** The ledger must always add up to what the account holds; returns the balance. */
export async function expectLedgerMatchesBalance(knex: Knex, accountId: number): Promise<number> {
  const account = await knex('credit_wallets').where({ accountId }).first('planCredits', 'bonusCredits');
  const sums = await knex('credit_transactions').where({ accountId }).sum({ plan: 'planAmount', bonus: 'bonusAmount' }).first();
  expect({ plan: Number(sums?.plan), bonus: Number(sums?.bonus) }).toEqual({ plan: account.planCredits, bonus: account.bonusCredits });
  const last = await knex('credit_transactions').where({ accountId }).orderBy('id', 'desc').first('balanceAfter');
  expect(last.balanceAfter).toBe(account.planCredits + account.bonusCredits);
  const negative = await knex('credit_transactions').where({ accountId }).where('balanceAfter', '<', 0).count({ n: '*' });
  expect(Number(negative[0]!.n)).toBe(0);
  return account.planCredits + account.bonusCredits;
}

/** Credits still set aside by runs; zero once every run has finished (the holds and the wallet's count must agree). */
export async function heldCreditsOf(knex: Knex, accountId: number): Promise<number> {
  const row = await knex('credit_holds').where({ accountId, status: 'held' }).sum({ total: 'credits' }).first();
  const wallet = await knex('credit_wallets').where({ accountId }).first('heldCredits');
  expect(wallet.heldCredits).toBe(Number(row?.total ?? 0));
  return Number(row?.total ?? 0);
}

/** Sets a tenant's account to exactly `plan` plan credits and `bonus` bonus credits, through the ledger. */
export async function setCredits(ctx: TestContext, t: Tenant, plan: number, bonus = 0): Promise<void> {
  const account = await ctx.services.knex('credit_wallets').where({ accountId: t.accountId }).first('planCredits', 'bonusCredits');
  await grantCredits(ctx.services.knex, {
    accountId: t.accountId,
    type: 'adjustment',
    plan: plan - account.planCredits,
    bonus: bonus - account.bonusCredits,
    key: `test-setup-${randomUUID()}`,
    description: 'Test setup',
  });
}

/** Valid calls of the billing routes, for the route walk and the cross-tenant test. */
export const creditValidCalls: Record<string, Fixture> = {
  getCreditBalance: () => ({ path: '/billing/balance', invalidQuery: { account_id: 'mine' } }),
  listCreditTransactions: () => ({ path: '/billing/transactions', query: { type: 'plan_grant' } }),
  getCreditUsage: () => ({ path: '/billing/usage', query: { from: '2026-01-01' }, invalidQuery: { from: 'yesterday' } }),
  listCreditCosts: () => ({ path: '/billing/costs' }),
  updateCreditCost: () => ({ path: '/billing/costs/reparse', body: { credits: 1 }, as: 'developer' }),
  estimateCredits: () => ({ path: '/billing/estimate', query: { operation: 'clustering', units: 61 } }),
  adjustCredits: (_ctx, t) => ({
    path: '/billing/adjustments',
    body: { account_id: t.accountId, bonus_credits: 5, description: 'Walk gift', key: randomUUID() },
    as: 'developer',
  }),
};
