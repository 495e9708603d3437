import { randomUUID } from 'node:crypto';
import { createDeveloper, createTenant, type Tenant, type TestContext, startTestApp } from '../test/harness';
import { chargeAccount, chargeCredits, grantCredits, priceOf, releaseCredits, reserveCredits, reserveNewRuns } from './ledger';
import { expectLedgerMatchesBalance, heldCreditsOf } from './test-support';

let ctx: TestContext;
let developer: { token: string };
beforeAll(async () => {
  ctx = await startTestApp();
  developer = await createDeveloper(ctx);
});
afterAll(async () => ctx.close());

const api = (path: string) => `/api/v1${path}/`;
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** A tenant whose account holds exactly `plan` plan credits and `bonus` bonus credits. */
async function tenantWith(plan: number, bonus: number): Promise<Tenant> {
  const t = await createTenant(ctx, `credits-${randomUUID().slice(0, 4)}`);
  const account = await ctx.services.knex('credit_wallets').where({ accountId: t.accountId }).first('planCredits');
  await grantCredits(ctx.services.knex, {
    accountId: t.accountId,
    type: 'adjustment',
    plan: plan - account.planCredits,
    bonus,
    key: 'test-setup',
    description: 'Test setup',
  });
  return t;
}

it('prices operations: per unit rounded up, with a minimum', () => {
  const clustering = { credits: 1, perUnits: 30, minCredits: 1 };
  expect([1, 29, 30, 31, 61, 300].map((units) => priceOf(clustering, units))).toEqual([1, 1, 1, 2, 3, 10]);
  expect(priceOf({ credits: 3, perUnits: 1, minCredits: 3 }, 2)).toBe(6);
  expect(priceOf({ credits: 0, perUnits: 1, minCredits: 0 }, 5)).toBe(0);
  expect(priceOf(clustering, 0)).toBe(0);
});

it('records the sign-up grant as the ledger’s first entry', async () => {
  const t = await createTenant(ctx, 'fresh');
  const ledger = await ctx.http.get(api('/billing/transactions')).set(bearer(t.users.owner.token)).expect(200);
  expect(ledger.body.results).toEqual([expect.objectContaining({ type: 'plan_grant', amount: 20_000, balance_after: 20_000 })]);
  const balance = await ctx.http.get(api('/billing/balance')).set(bearer(t.users.owner.token)).expect(200);
  expect(balance.body.data).toMatchObject({
    plan_credits: 20_000,
    bonus_credits: 0,
    total: 20_000,
    plan: { name: 'Scale', included_credits: 20_000 },
  });
  await expectLedgerMatchesBalance(ctx.services.knex, t.accountId);
});

it('spends plan credits before bonus credits, once per key, and logs the usage', async () => {
  const t = await tenantWith(4, 10);
  const { knex } = ctx.services;
  const usage = { provider: 'openai', model: 'gpt-test', tokensIn: 1200, tokensOut: 800, costUsd: 0.0123 };
  const first = await chargeCredits(knex, { accountId: t.accountId, operation: 'content', units: 2, key: 'task:1', usage });
  expect(first.charged).toBe(true);
  expect(first.transaction).toMatchObject({
    amount: -6,
    planAmount: -4,
    bonusAmount: -2,
    balanceAfter: 8,
    planBalanceAfter: 0,
    bonusBalanceAfter: 8,
  });
  const again = await chargeCredits(knex, { accountId: t.accountId, operation: 'content', units: 2, key: 'task:1', usage });
  expect(again).toMatchObject({ charged: false, transaction: { id: first.transaction!.id } });
  expect(await expectLedgerMatchesBalance(knex, t.accountId)).toBe(8);
  expect(await knex('credit_usage_logs').where({ accountId: t.accountId })).toEqual([
    expect.objectContaining({
      transactionId: first.transaction!.id,
      operation: 'content',
      model: 'gpt-test',
      tokensIn: 1200,
      tokensOut: 800,
      credits: 6,
    }),
  ]);

  const usageReport = await ctx.http.get(api('/billing/usage')).set(bearer(t.users.owner.token)).expect(200);
  expect(usageReport.body.data.days).toEqual([
    { day: new Date().toISOString().slice(0, 10), operation: 'content', calls: 1, credits: 6, tokens_in: 1200, tokens_out: 800, cost_usd: 0.0123 },
  ]);
});

it('refuses a charge the account cannot pay (402) and changes nothing', async () => {
  const t = await tenantWith(2, 0);
  await expect(
    chargeCredits(ctx.services.knex, { accountId: t.accountId, operation: 'content', units: 1, key: 'task:too-big' }),
  ).rejects.toMatchObject({
    status: 402,
    code: 'INSUFFICIENT_CREDITS',
  });
  expect(await expectLedgerMatchesBalance(ctx.services.knex, t.accountId)).toBe(2);
  const estimate = await ctx.http
    .get(api('/billing/estimate'))
    .set(bearer(t.users.editor.token))
    .query({ operation: 'content', units: 1 })
    .expect(200);
  expect(estimate.body.data).toEqual({ operation: 'content', units: 1, credits: 3, available: 2, affordable: false });
});

it('50 concurrent charges with credits for 10: exactly 10 succeed and the balance never goes below zero', async () => {
  const t = await tenantWith(7, 3);
  const attempts = await Promise.allSettled(
    Array.from({ length: 50 }, (_, index) =>
      chargeCredits(ctx.services.knex, { accountId: t.accountId, operation: 'images', units: 1, key: `job:${index}` }),
    ),
  );
  const succeeded = attempts.filter((attempt) => attempt.status === 'fulfilled');
  const refused = attempts.filter((attempt) => attempt.status === 'rejected') as PromiseRejectedResult[];
  expect(succeeded).toHaveLength(10);
  expect(refused.every((attempt) => (attempt.reason as { code?: string }).code === 'INSUFFICIENT_CREDITS')).toBe(true);
  const charges = (await ctx.services.knex('credit_transactions').where({ accountId: t.accountId, type: 'charge' }).select('balanceAfter')) as {
    balanceAfter: number;
  }[];
  expect(charges.map((charge) => charge.balanceAfter).sort((left, right) => right - left)).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
  expect(await expectLedgerMatchesBalance(ctx.services.knex, t.accountId)).toBe(0);
});

it('holds set credits aside: concurrent starts never over-commit, a hold is charged once or given back', async () => {
  const t = await tenantWith(10, 0);
  const { knex } = ctx.services;
  const reserve = (key: string) => reserveCredits(knex, { accountId: t.accountId, operation: 'content', units: 1, key });
  const starts = await Promise.allSettled(Array.from({ length: 20 }, (_, index) => reserve(`run:${index}`)));
  const held = starts.flatMap((start, index) => (start.status === 'fulfilled' ? [`run:${index}`] : []));
  expect(held).toHaveLength(3);
  expect(starts.filter((start) => start.status === 'rejected').map((start) => (start as PromiseRejectedResult).reason.code)).toEqual(
    Array(17).fill('INSUFFICIENT_CREDITS'),
  );
  expect(await reserve(held[0]!)).toBe(3); // the same run again holds nothing more
  const balance = await ctx.http.get(api('/billing/balance')).set(bearer(t.users.owner.token)).expect(200);
  expect(balance.body.data).toMatchObject({ total: 10, held_credits: 9, available: 1 });

  // Credits others hold cannot be spent by a run without a hold of its own.
  await expect(chargeCredits(knex, { accountId: t.accountId, operation: 'images', units: 2, key: 'unheld' })).rejects.toMatchObject({ status: 402 });
  const first = await chargeCredits(knex, { accountId: t.accountId, operation: 'content', units: 1, key: held[0]! });
  expect(first).toMatchObject({ charged: true, transaction: { amount: -3, balanceAfter: 7 } });
  expect(await chargeCredits(knex, { accountId: t.accountId, operation: 'content', units: 1, key: held[0]! })).toMatchObject({ charged: false });
  await releaseCredits(knex, t.accountId, held[1]!);
  expect(await heldCreditsOf(knex, t.accountId)).toBe(3);

  // Taken below what is held (a refund, say): a run pays only from what is there, never below zero.
  await grantCredits(knex, { accountId: t.accountId, type: 'adjustment', plan: -5, key: 'claw-back', description: 'Refund' });
  await expect(chargeCredits(knex, { accountId: t.accountId, operation: 'content', units: 1, key: held[2]! })).rejects.toMatchObject({
    code: 'INSUFFICIENT_CREDITS',
  });
  await releaseCredits(knex, t.accountId, held[2]!);
  expect(await heldCreditsOf(knex, t.accountId)).toBe(0);
  expect(await expectLedgerMatchesBalance(knex, t.accountId)).toBe(2);
});

it('an expired hold gives its credits back to the next start; a run whose hold lapsed must hold again', async () => {
  const t = await tenantWith(6, 0);
  const { knex } = ctx.services;
  const reserve = (key: string) => reserveCredits(knex, { accountId: t.accountId, operation: 'content', units: 1, key });
  expect([await reserve('old-1'), await reserve('old-2')]).toEqual([3, 3]);
  await expect(reserve('new')).rejects.toMatchObject({ code: 'INSUFFICIENT_CREDITS' });
  await knex('credit_holds')
    .where({ accountId: t.accountId, holdKey: 'old-1' })
    .update({ expiresAt: new Date(Date.now() - 1000) });
  expect(await reserve('new')).toBe(3); // the lapsed hold was released to make room
  const lapsed = await knex('credit_holds').where({ accountId: t.accountId, holdKey: 'old-1' }).first('status');
  expect(lapsed.status).toBe('released');
  await expect(reserveCredits(knex, { accountId: t.accountId, operation: 'content', units: 1, key: 'old-1' })).rejects.toMatchObject({
    code: 'INSUFFICIENT_CREDITS',
  });
  expect(await reserveCredits(knex, { accountId: t.accountId, operation: 'content', units: 1, key: 'old-2' })).toBe(3);
  expect(await heldCreditsOf(knex, t.accountId)).toBe(6);
  await releaseCredits(knex, t.accountId, 'old-2');
  await releaseCredits(knex, t.accountId, 'new');
  expect(await heldCreditsOf(knex, t.accountId)).toBe(0);
});

it('charges runs of one account together: in order, once per key, all or none', async () => {
  const t = await tenantWith(10, 0);
  const { knex } = ctx.services;
  expect(
    await reserveNewRuns(
      knex,
      t.accountId,
      ['run:a', 'run:b'].map((key) => ({ operation: 'content' as const, units: 1, key })),
    ),
  ).toEqual([3, 3]);
  expect(await heldCreditsOf(knex, t.accountId)).toBe(6);
  const usage = { provider: 'openai', model: 'gpt-test', tokensIn: 10, tokensOut: 20, costUsd: 0.001 };
  const results = await chargeAccount(knex, t.accountId, [
    { operation: 'content', units: 1, key: 'run:a', usage },
    { operation: 'content', units: 1, key: 'run:b', usage },
    { operation: 'content', units: 1, key: 'run:a', usage },
  ]);
  expect(results.map((result) => [result.charged, result.transaction?.balanceAfter])).toEqual([
    [true, 7],
    [true, 4],
    [false, 7],
  ]);
  expect(results[2]!.transaction!.id).toBe(results[0]!.transaction!.id);
  const logged = await knex('credit_usage_logs').where({ accountId: t.accountId }).orderBy('id').select('transactionId', 'taskKey', 'credits');
  expect(logged).toEqual([
    { transactionId: results[0]!.transaction!.id, taskKey: 'run:a', credits: 3 },
    { transactionId: results[1]!.transaction!.id, taskKey: 'run:b', credits: 3 },
  ]);
  expect(await heldCreditsOf(knex, t.accountId)).toBe(0);
  // Charged before: nothing more, whatever comes with it.
  expect((await chargeAccount(knex, t.accountId, [{ operation: 'content', units: 1, key: 'run:b' }]))[0]).toMatchObject({ charged: false });

  // Two more held, then credits taken back below them: the pair cannot be paid, so neither is.
  await reserveNewRuns(
    knex,
    t.accountId,
    ['run:c', 'run:d'].map((key) => ({ operation: 'images' as const, units: 2, key })),
  );
  await grantCredits(knex, { accountId: t.accountId, type: 'adjustment', plan: -1, key: 'claw-back', description: 'Refund' });
  await expect(
    chargeAccount(knex, t.accountId, [
      { operation: 'images', units: 2, key: 'run:c' },
      { operation: 'images', units: 2, key: 'run:d' },
    ]),
  ).rejects.toMatchObject({ code: 'INSUFFICIENT_CREDITS' });
  expect(await heldCreditsOf(knex, t.accountId)).toBe(4);
  expect(await knex('credit_transactions').where({ accountId: t.accountId, type: 'charge' }).count({ n: '*' })).toEqual([{ n: 2 }]);
  expect((await chargeAccount(knex, t.accountId, [{ operation: 'images', units: 2, key: 'run:c' }]))[0]).toMatchObject({
    charged: true,
    transaction: { balanceAfter: 1 },
  });
  await releaseCredits(knex, t.accountId, 'run:d');
  expect(await heldCreditsOf(knex, t.accountId)).toBe(0);
  expect(await expectLedgerMatchesBalance(knex, t.accountId)).toBe(1);
});

it('holds credits for new runs together, all or none', async () => {
  const t = await tenantWith(7, 0);
  const { knex } = ctx.services;
  const runs = (keys: string[]) => keys.map((key) => ({ operation: 'content' as const, units: 1, key }));
  await expect(reserveNewRuns(knex, t.accountId, runs(['new:1', 'new:2', 'new:3']))).rejects.toMatchObject({
    code: 'INSUFFICIENT_CREDITS',
    message: 'This needs 9 credits and the account has 7.',
  });
  expect(await heldCreditsOf(knex, t.accountId)).toBe(0);
  expect(await knex('credit_holds').where({ accountId: t.accountId })).toEqual([]);
  expect(await reserveNewRuns(knex, t.accountId, runs(['new:1', 'new:2']))).toEqual([3, 3]);
  expect(await heldCreditsOf(knex, t.accountId)).toBe(6);
  await releaseCredits(knex, t.accountId, 'new:1');
  await releaseCredits(knex, t.accountId, 'new:2');
  expect(await heldCreditsOf(knex, t.accountId)).toBe(0);
});

it('only owners see billing; viewers get no estimate; the platform team sets costs and adjusts credits', async () => {
  const t = await createTenant(ctx, 'billing-roles');
  for (const role of ['admin', 'editor', 'viewer'] as const) {
    expect((await ctx.http.get(api('/billing/balance')).set(bearer(t.users[role].token))).status).toBe(403);
  }
  expect((await ctx.http.get(api('/billing/estimate')).set(bearer(t.users.viewer.token)).query({ operation: 'ideas', units: 5 })).status).toBe(403);
  const estimate = await ctx.http
    .get(api('/billing/estimate'))
    .set('X-IGNY8-API-Key', t.apiKey)
    .query({ operation: 'clustering', units: 61 })
    .expect(200);
  expect(estimate.body.data).toMatchObject({ credits: 3, affordable: true });

  expect((await ctx.http.patch(api('/billing/costs/ideas')).set(bearer(t.users.owner.token)).send({ credits: 0 })).status).toBe(403);
  const key = randomUUID();
  const gift = { account_id: t.accountId, bonus_credits: 25, description: 'Welcome gift', key };
  const adjusted = await ctx.http.post(api('/billing/adjustments')).set(bearer(developer.token)).send(gift).expect(201);
  expect(adjusted.body.data).toMatchObject({ type: 'bonus_grant', amount: 25, balance_after: 20_025 });
  await ctx.http.post(api('/billing/adjustments')).set(bearer(developer.token)).send(gift).expect(201); // the same key: no second gift
  const overdraw = await ctx.http
    .post(api('/billing/adjustments'))
    .set(bearer(developer.token))
    .send({ account_id: t.accountId, bonus_credits: -26, description: 'Too much', key: randomUUID() });
  expect({ status: overdraw.status, code: overdraw.body.error_code }).toEqual({ status: 400, code: 'BALANCE_BELOW_ZERO' });
  expect(await expectLedgerMatchesBalance(ctx.services.knex, t.accountId)).toBe(20_025);
  const costs = await ctx.http.get(api('/billing/costs')).set(bearer(t.users.editor.token)).expect(200);
  expect(costs.body.data.find((cost: { operation: string }) => cost.operation === 'clustering')).toEqual({
    operation: 'clustering',
    credits: 1,
    per_units: 30,
    min_credits: 1,
    unit_label: 'keywords',
  });
});
