import type { Knex } from 'knex';
import { lockForUpdate } from '../../platform/db';
import { NotFoundError } from '../../platform/errors';
import type { TenantScope } from '../../platform/tenancy/actor';
import { Account, Plan } from '../models';

/**
 * The account's plan, read under a lock on the account row so concurrent creations are counted
 * one after another against the plan's limits. Call inside the transaction that inserts.
 */
export async function lockAccountPlan(trx: Knex, scope: TenantScope, accountId: number): Promise<Plan> {
  const account = await lockForUpdate(trx, Account.query(trx).forTenant(scope).findById(accountId));
  if (!account) throw new NotFoundError('Account');
  return (await Plan.query(trx).findById(account.planId)) as Plan;
}
