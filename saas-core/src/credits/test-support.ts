import { randomUUID } from 'node:crypto';
import type { Fixture } from '../test/fixture-types';

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
