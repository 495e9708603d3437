import { z } from 'zod';
import { Account, Plan } from '../accounts/models';
import { forget } from '../platform/cache';
import { sqlDay } from '../platform/db';
import { NotFoundError } from '../platform/errors';
import { listPage, orderingQuery, paginationQuery } from '../platform/http/list';
import { defineRoute, type Route } from '../platform/http/route';
import { changesOf, idParam, iso } from '../platform/http/schemas';
import { targetAccount } from '../platform/tenancy/scope';
import { costKey, creditBalance, estimateCredits, grantCredits } from './ledger';
import { CREDIT_OPERATIONS, CreditCost, CreditTransaction, CreditUsageLog, TRANSACTION_TYPES } from './models';
import { creditPolicies } from './policies';

const tags = ['billing'];
const throttle = 'billing';
const accountQuery = { account_id: idParam.optional().describe('Developers only: another account') };

const BalanceOut = z.object({
  account_id: z.number().int(),
  plan_credits: z.number().int(),
  bonus_credits: z.number().int(),
  total: z.number().int(),
  held_credits: z.number().int().describe('Set aside for AI runs in progress; charged when they succeed, given back when they fail'),
  available: z.number().int().describe('What new runs may use: total − held'),
  plan: z.object({ name: z.string(), included_credits: z.number().int() }),
});

const TransactionOut = z.object({
  id: z.number().int(),
  type: z.enum(TRANSACTION_TYPES),
  operation: z.enum(CREDIT_OPERATIONS).nullable(),
  amount: z.number().int(),
  plan_amount: z.number().int(),
  bonus_amount: z.number().int(),
  balance_after: z.number().int(),
  description: z.string(),
  created_at: z.string(),
});

const CostOut = z.object({
  operation: z.enum(CREDIT_OPERATIONS),
  credits: z.number().int(),
  per_units: z.number().int(),
  min_credits: z.number().int(),
  unit_label: z.string(),
});
const presentCost = (cost: CreditCost): z.input<typeof CostOut> => ({
  operation: cost.operation,
  credits: cost.credits,
  per_units: cost.perUnits,
  min_credits: cost.minCredits,
  unit_label: cost.unitLabel,
});

const UsageRow = z.object({
  day: z.string(),
  operation: z.enum(CREDIT_OPERATIONS),
  calls: z.number().int(),
  credits: z.number().int(),
  tokens_in: z.number().int(),
  tokens_out: z.number().int(),
  cost_usd: z.number(),
});

export const creditRoutes: Route[] = [
  defineRoute({
    method: 'get',
    path: '/billing/balance',
    operationId: 'getCreditBalance',
    summary: 'Plan and bonus credits left',
    tags,
    throttle,
    auth: 'user',
    policy: creditPolicies.billing,
    query: z.object(accountQuery),
    refs: { 'query.account_id': 'account' },
    response: { kind: 'data', status: 200, schema: BalanceOut },
    async handler({ query, actor, scope, services }) {
      const account = await Account.query(services.knex)
        .forTenant(scope)
        .findById(targetAccount(actor, scope, query.account_id));
      if (!account) throw new NotFoundError('Account');
      const plan = (await Plan.query(services.knex).findById(account.planId)) as Plan;
      const balance = await creditBalance(services.knex, scope, account.id);
      return {
        account_id: account.id,
        plan_credits: balance.planCredits,
        bonus_credits: balance.bonusCredits,
        total: balance.planCredits + balance.bonusCredits,
        held_credits: balance.heldCredits,
        available: balance.available,
        plan: { name: plan.name, included_credits: plan.includedCredits },
      };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/billing/transactions',
    operationId: 'listCreditTransactions',
    summary: 'The credit ledger, newest first',
    tags,
    throttle,
    auth: 'user',
    policy: creditPolicies.billing,
    query: z.object({
      ...paginationQuery,
      ...accountQuery,
      type: z.enum(TRANSACTION_TYPES).optional(),
      operation: z.enum(CREDIT_OPERATIONS).optional(),
      ordering: orderingQuery({ created_at: 'createdAt' }, '-created_at'),
    }),
    refs: { 'query.account_id': 'account' },
    response: { kind: 'page', status: 200, item: TransactionOut },
    async handler({ query, actor, scope, services }) {
      const builder = CreditTransaction.query(services.knex)
        .forTenant(scope)
        .where('accountId', targetAccount(actor, scope, query.account_id));
      if (query.type) builder.where('type', query.type);
      if (query.operation) builder.where('operation', query.operation);
      const page = await listPage(builder, { ...query, ordering: [...query.ordering, { column: 'id', direction: 'desc' }] });
      return {
        count: page.count,
        results: page.results.map((entry) => ({
          id: entry.id,
          type: entry.type,
          operation: entry.operation,
          amount: entry.amount,
          plan_amount: entry.planAmount,
          bonus_amount: entry.bonusAmount,
          balance_after: entry.balanceAfter,
          description: entry.description,
          created_at: iso(entry.createdAt)!,
        })),
      };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/billing/usage',
    operationId: 'getCreditUsage',
    summary: 'AI usage by day and operation: calls, credits, tokens and provider cost',
    tags,
    throttle,
    auth: 'user',
    policy: creditPolicies.billing,
    query: z.object({
      ...accountQuery,
      from: z.iso.date().optional().describe('First day (UTC), default 30 days ago'),
      to: z.iso.date().optional().describe('Last day (UTC), default today'),
    }),
    refs: { 'query.account_id': 'account' },
    response: { kind: 'data', status: 200, schema: z.object({ from: z.string(), to: z.string(), days: z.array(UsageRow) }) },
    async handler({ query, actor, scope, services }) {
      const { knex } = services;
      const to = query.to ?? new Date().toISOString().slice(0, 10);
      const from = query.from ?? new Date(Date.parse(to) - 29 * 86_400_000).toISOString().slice(0, 10);
      const rows = (await CreditUsageLog.query(knex)
        .forTenant(scope)
        .where('credit_usage_logs.accountId', targetAccount(actor, scope, query.account_id))
        .where('credit_usage_logs.createdAt', '>=', new Date(`${from}T00:00:00Z`))
        .where('credit_usage_logs.createdAt', '<', new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000))
        .select(sqlDay(knex, 'credit_usage_logs.created_at').wrap('', ' as day'), 'operation')
        .count({ calls: '*' })
        .sum('credits as credits')
        .sum('tokensIn as tokensIn')
        .sum('tokensOut as tokensOut')
        .sum('costUsd as costUsd')
        .groupBy('day', 'operation')
        .orderBy(['day', 'operation'])) as unknown as Record<string, string | number | null>[];
      return {
        from,
        to,
        days: rows.map((row) => ({
          day: String(row.day),
          operation: row.operation as (typeof CREDIT_OPERATIONS)[number],
          calls: Number(row.calls),
          credits: Number(row.credits ?? 0),
          tokens_in: Number(row.tokensIn ?? 0),
          tokens_out: Number(row.tokensOut ?? 0),
          cost_usd: Math.round(Number(row.costUsd ?? 0) * 1e6) / 1e6,
        })),
      };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/billing/costs',
    operationId: 'listCreditCosts',
    summary: 'What each AI operation costs in credits',
    tags,
    throttle,
    auth: 'user_or_api_key',
    policy: creditPolicies.estimate,
    response: { kind: 'data', status: 200, schema: z.array(CostOut) },
    async handler({ services }) {
      return (await CreditCost.query(services.knex).orderBy('id')).map(presentCost);
    },
  }),
  defineRoute({
    method: 'patch',
    path: '/billing/costs/{operation}',
    operationId: 'updateCreditCost',
    summary: 'Platform team: change what an operation costs',
    tags,
    throttle,
    auth: 'user',
    policy: creditPolicies.manageCosts,
    params: z.object({ operation: z.enum(CREDIT_OPERATIONS) }),
    body: changesOf({
      credits: z.number().int().min(0).max(10_000),
      per_units: z.number().int().min(1).max(100_000),
      min_credits: z.number().int().min(0).max(10_000),
    }),
    response: { kind: 'data', status: 200, schema: CostOut, message: 'Cost updated.' },
    async handler({ params, body, services }) {
      const cost = await CreditCost.query(services.knex).findOne({ operation: params.operation });
      if (!cost) throw new NotFoundError('Credit cost');
      const updated = await cost
        .$query(services.knex)
        .patchAndFetch({ credits: body.credits, perUnits: body.per_units, minCredits: body.min_credits });
      forget(services.knex, costKey(params.operation)); // other processes follow within the cache's few seconds
      return presentCost(updated);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/billing/estimate',
    operationId: 'estimateCredits',
    summary: 'The credits an operation will take, to show before starting it',
    tags,
    throttle,
    auth: 'user_or_api_key',
    policy: creditPolicies.estimate,
    query: z.object({ operation: z.enum(CREDIT_OPERATIONS), units: z.coerce.number().int().min(1).max(1_000_000) }),
    response: {
      kind: 'data',
      status: 200,
      schema: z.object({
        operation: z.enum(CREDIT_OPERATIONS),
        units: z.number().int(),
        credits: z.number().int(),
        available: z.number().int(),
        affordable: z.boolean(),
      }),
    },
    async handler({ query, actor, scope, services }) {
      const credits = await estimateCredits(services.knex, query.operation, query.units);
      const { available } = await creditBalance(services.knex, scope, actor.accountId);
      return { operation: query.operation, units: query.units, credits, available, affordable: credits <= available };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/billing/adjustments',
    operationId: 'adjustCredits',
    summary: 'Platform team: add (or take back) plan or bonus credits, once per key',
    tags,
    throttle,
    auth: 'user',
    policy: creditPolicies.adjust,
    body: z
      .object({
        account_id: idParam,
        plan_credits: z.number().int().min(-1_000_000).max(1_000_000).default(0),
        bonus_credits: z.number().int().min(-1_000_000).max(1_000_000).default(0),
        description: z.string().trim().min(1).max(255),
        key: z.string().trim().min(1).max(120).describe('Makes the call safe to repeat: a key already used changes nothing'),
      })
      .refine((body) => body.plan_credits !== 0 || body.bonus_credits !== 0, 'Change plan_credits or bonus_credits.'),
    refs: { 'body.account_id': 'account' },
    response: { kind: 'data', status: 201, schema: TransactionOut, message: 'Credits adjusted.' },
    async handler({ body, actor, scope, services }) {
      const account = await Account.query(services.knex).forTenant(scope).findById(body.account_id);
      if (!account) throw new NotFoundError('Account');
      const { transaction } = await grantCredits(services.knex, {
        accountId: account.id,
        type: body.plan_credits < 0 || body.bonus_credits < 0 ? 'adjustment' : body.plan_credits > 0 ? 'plan_grant' : 'bonus_grant',
        plan: body.plan_credits,
        bonus: body.bonus_credits,
        key: `adjustment:${body.key}`,
        description: body.description,
        createdById: actor.userId,
      });
      return {
        id: transaction.id,
        type: transaction.type,
        operation: transaction.operation,
        amount: transaction.amount,
        plan_amount: transaction.planAmount,
        bonus_amount: transaction.bonusAmount,
        balance_after: transaction.balanceAfter,
        description: transaction.description,
        created_at: iso(transaction.createdAt)!,
      };
    },
  }),
];
