import { BaseModel } from '../platform/db/base-model';
import { TenantModel } from '../platform/tenancy/tenant-model';

export const CREDIT_OPERATIONS = ['clustering', 'ideas', 'content', 'content_section', 'image_prompts', 'images', 'reparse'] as const;
export type CreditOperation = (typeof CREDIT_OPERATIONS)[number];
export const TRANSACTION_TYPES = ['opening', 'plan_grant', 'bonus_grant', 'charge', 'refund', 'adjustment'] as const;
export type TransactionType = (typeof TRANSACTION_TYPES)[number];

/** What an operation costs: `credits` for every `per_units` items (rounded up), at least `min_credits`. Platform data. */
export class CreditCost extends BaseModel {
  static override tableName = 'credit_costs';

  operation!: CreditOperation;
  credits!: number;
  perUnits!: number;
  minCredits!: number;
  unitLabel!: string;
}

export class CreditTransaction extends TenantModel {
  static override tableName = 'credit_transactions';

  type!: TransactionType;
  operation!: CreditOperation | null;
  amount!: number;
  planAmount!: number;
  bonusAmount!: number;
  balanceAfter!: number;
  planBalanceAfter!: number;
  bonusBalanceAfter!: number;
  idempotencyKey!: string;
  description!: string;
  createdById!: number | null;
}

export class CreditUsageLog extends TenantModel {
  static override tableName = 'credit_usage_logs';

  transactionId!: number | null;
  operation!: CreditOperation;
  taskKey!: string | null;
  provider!: string | null;
  model!: string | null;
  tokensIn!: number;
  tokensOut!: number;
  costUsd!: number | string;
  credits!: number;
}

export const HOLD_STATUSES = ['held', 'settled', 'released'] as const;

/** Credits set aside for a started run, keyed like its charge; only `held` ones that have not expired count. */
export class CreditHold extends TenantModel {
  static override tableName = 'credit_holds';
  static override dateColumns = ['createdAt', 'updatedAt', 'expiresAt'];

  holdKey!: string;
  operation!: CreditOperation;
  credits!: number;
  status!: (typeof HOLD_STATUSES)[number];
  expiresAt!: Date;
}

/** An account's credits: plan and bonus balances, and what runs in progress hold. */
export class CreditWallet extends TenantModel {
  static override tableName = 'credit_wallets';

  planCredits!: number;
  bonusCredits!: number;
  heldCredits!: number;
}
