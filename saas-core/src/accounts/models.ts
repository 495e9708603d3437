import { BaseModel } from '../platform/db/base-model';
import { TenantModel } from '../platform/tenancy/tenant-model';

export class Plan extends BaseModel {
  static override tableName = 'plans';
  static override booleanColumns = ['isDefault', 'isActive'];

  slug!: string;
  name!: string;
  isDefault!: boolean;
  isActive!: boolean;
  priceCents!: number;
  maxSites!: number;
  maxUsers!: number;
  maxSectorsPerSite!: number;
  maxKeywords!: number;
  includedCredits!: number;
}

export const ACCOUNT_STATUSES = ['active', 'trial', 'suspended', 'cancelled'] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

/** The tenant itself: scoped on its own id. */
export class Account extends TenantModel {
  static override tableName = 'accounts';
  static override accountColumn = 'id' as const;
  static override booleanColumns = ['isSystem'];

  name!: string;
  slug!: string;
  status!: AccountStatus;
  isSystem!: boolean;
  planId!: number;
  plan?: Plan;
  /** Credits, when loaded by the credits module for presenting (balances live in its wallets). */
  balance?: { plan: number; bonus: number };

  static override relationMappings = () => ({
    plan: { relation: BaseModel.BelongsToOneRelation, modelClass: Plan, join: { from: 'accounts.planId', to: 'plans.id' } },
  });
}

export class Subscription extends TenantModel {
  static override tableName = 'subscriptions';
  static override dateColumns = ['createdAt', 'updatedAt', 'currentPeriodStart', 'currentPeriodEnd', 'cancelledAt'];

  planId!: number;
  status!: 'active' | 'trialing' | 'past_due' | 'cancelled';
  currentPeriodStart!: Date;
  currentPeriodEnd!: Date;
  cancelledAt!: Date | null;
}
