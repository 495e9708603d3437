import type { Knex } from 'knex';
import { NotFoundError } from '../errors';
import { ACCOUNT_WIDE_ROLES, CROSS_ACCOUNT_ROLES, type Actor, type TenantScope } from './actor';

/** Builds the scope every tenant query of this request runs under. */
export async function resolveScope(knex: Knex, actor: Actor): Promise<TenantScope> {
  const homeAccountId = actor.accountId;
  if (actor.kind === 'api_key') {
    return { accountId: actor.accountId, siteIds: actor.siteId ? [actor.siteId] : [], homeAccountId };
  }
  if (CROSS_ACCOUNT_ROLES.includes(actor.role)) return { accountId: 'all', siteIds: 'all', homeAccountId };
  if (ACCOUNT_WIDE_ROLES.includes(actor.role)) return { accountId: actor.accountId, siteIds: 'all', homeAccountId };
  const grants = (await knex('site_user_access').where({ accountId: actor.accountId, userId: actor.userId }).select('siteId')) as {
    siteId: number;
  }[];
  return { accountId: actor.accountId, siteIds: grants.map((grant) => grant.siteId), homeAccountId };
}

/** A scope for code that acts for one account with no user behind it (jobs, CLI). */
export function accountScope(accountId: number): TenantScope {
  return { accountId, siteIds: 'all', homeAccountId: accountId };
}

/** The account a new row goes to: only cross-account actors may name another one; for anyone else it does not exist. */
export function targetAccount(actor: Actor, scope: TenantScope, requested: number | undefined): number {
  if (requested === undefined || requested === actor.accountId) return actor.accountId;
  if (scope.accountId !== 'all') throw new NotFoundError('Account');
  return requested;
}

export function canReachSite(scope: TenantScope, siteId: number): boolean {
  return scope.siteIds === 'all' || scope.siteIds.includes(siteId);
}
