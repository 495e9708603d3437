import type { Knex } from 'knex';
import { hashPassword } from '../../platform/crypto';
import { ConflictError } from '../../platform/errors';
import { slugify, slugWithSuffix } from '../../platform/http/schemas';
import type { Role } from '../../platform/tenancy/actor';
import { User } from '../../users/models';
import { grantCredits, openWallet } from '../../credits/ledger';
import { Account, Plan, Subscription } from '../models';

export interface CreateAccountProps {
  accountName: string;
  email: string;
  password: string;
  firstName?: string;
  lastName?: string;
  planSlug?: string;
  isSystem?: boolean;
  ownerRole?: Extract<Role, 'owner' | 'developer'>;
}

/**
 * Sign-up: the account, its owner, the plan's subscription and the plan's starting credits, all
 * in one transaction.
 */
export async function createAccountWithOwner(knex: Knex, props: CreateAccountProps): Promise<{ account: Account; owner: User }> {
  const passwordHash = await hashPassword(props.password);
  return knex.transaction(async (trx) => {
    const existing = await User.query(trx).unscoped('sign-up checks the email across accounts').findOne({ email: props.email });
    if (existing) throw new ConflictError('An account with this email already exists.', 'EMAIL_TAKEN', { email: ['Already registered.'] });
    const plan = props.planSlug
      ? await Plan.query(trx).findOne({ slug: props.planSlug, isActive: true })
      : await Plan.query(trx).findOne({ isDefault: true });
    if (!plan) throw new ConflictError(`No active plan "${props.planSlug ?? 'default'}".`, 'PLAN_NOT_FOUND');

    const account = await Account.query(trx)
      .unscoped('a new account has no tenant yet')
      .insertAndFetch({
        name: props.accountName,
        slug: await uniqueAccountSlug(trx, props.accountName),
        status: 'active',
        isSystem: props.isSystem ?? false,
        planId: plan.id,
      });
    await openWallet(trx, account.id);
    // The plan's starting credits are the ledger's first entry, so it always sums to the balance.
    if (plan.includedCredits > 0) {
      await grantCredits(trx, {
        accountId: account.id,
        type: 'plan_grant',
        plan: plan.includedCredits,
        key: 'sign-up',
        description: `${plan.name} plan: included credits`,
      });
    }
    const owner = await User.query(trx)
      .unscoped('the owner is created with the account')
      .insertAndFetch({
        accountId: account.id,
        email: props.email,
        passwordHash,
        firstName: props.firstName ?? '',
        lastName: props.lastName ?? '',
        role: props.ownerRole ?? 'owner',
        isActive: true,
      });
    const start = new Date();
    const end = new Date(start);
    end.setUTCMonth(end.getUTCMonth() + 1);
    await Subscription.query(trx)
      .unscoped('the subscription is created with the account')
      .insert({ accountId: account.id, planId: plan.id, status: 'active', currentPeriodStart: start, currentPeriodEnd: end });
    account.plan = plan;
    return { account, owner };
  });
}

async function uniqueAccountSlug(trx: Knex, name: string): Promise<string> {
  const base = slugify(name);
  const taken = await trx('accounts').where('slug', base).first('id');
  return taken ? slugWithSuffix(base) : base;
}
