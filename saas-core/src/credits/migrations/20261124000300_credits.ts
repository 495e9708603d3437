import type { Knex } from 'knex';
import { createTable, foreignId, INDEXED_STRING, timestamps } from '../../platform/db/schema';

/** The REFERENCE.md defaults; an admin changes them per operation through the API. */
const DEFAULT_COSTS = [
  { operation: 'clustering', credits: 1, per_units: 30, min_credits: 1, unit_label: 'keywords' },
  { operation: 'ideas', credits: 1, per_units: 1, min_credits: 1, unit_label: 'ideas' },
  { operation: 'content', credits: 3, per_units: 1, min_credits: 3, unit_label: 'articles' },
  { operation: 'image_prompts', credits: 0, per_units: 1, min_credits: 0, unit_label: 'articles' },
  { operation: 'images', credits: 1, per_units: 1, min_credits: 1, unit_label: 'images' },
  { operation: 'reparse', credits: 1, per_units: 1, min_credits: 1, unit_label: 'runs' },
];

export async function up(knex: Knex): Promise<void> {
  await createTable(knex, 'credit_costs', (table) => {
    table.increments('id');
    table.string('operation', 32).notNullable().unique();
    table.integer('credits').notNullable();
    table.integer('per_units').notNullable().defaultTo(1);
    table.integer('min_credits').notNullable().defaultTo(0);
    table.string('unit_label', 32).notNullable();
    timestamps(table);
  });
  const now = new Date();
  await knex('credit_costs').insert(DEFAULT_COSTS.map((cost) => ({ ...cost, created_at: now, updated_at: now })));

  // The ledger: every change of an account's credits, with the balances after it.
  await createTable(knex, 'credit_transactions', (table) => {
    table.increments('id');
    foreignId(table, 'account_id', 'accounts').notNullable();
    table.string('type', 16).notNullable();
    table.string('operation', 32).nullable();
    table.integer('amount').notNullable();
    table.integer('plan_amount').notNullable();
    table.integer('bonus_amount').notNullable();
    table.integer('balance_after').notNullable();
    table.integer('plan_balance_after').notNullable();
    table.integer('bonus_balance_after').notNullable();
    table.string('idempotency_key', INDEXED_STRING).notNullable();
    table.string('description', 255).notNullable();
    foreignId(table, 'created_by_id', 'users', 'SET NULL').nullable();
    timestamps(table);
    table.unique(['account_id', 'idempotency_key']);
    table.index(['account_id', 'created_at']);
  });

  await createTable(knex, 'credit_usage_logs', (table) => {
    table.increments('id');
    foreignId(table, 'account_id', 'accounts').notNullable();
    foreignId(table, 'transaction_id', 'credit_transactions', 'SET NULL').nullable();
    table.string('operation', 32).notNullable();
    table.string('task_key', INDEXED_STRING).nullable();
    table.string('provider', 32).nullable();
    table.string('model', 64).nullable();
    table.integer('tokens_in').notNullable().defaultTo(0);
    table.integer('tokens_out').notNullable().defaultTo(0);
    table.decimal('cost_usd', 12, 6).notNullable().defaultTo(0);
    table.integer('credits').notNullable().defaultTo(0);
    timestamps(table);
    table.index(['account_id', 'created_at']);
  });

  // Accounts that exist already open their ledger with what they hold, so it sums to the balance.
  // Rows come back in camelCase (the knex instance maps names).
  const accounts = (await knex('accounts').select('id', 'plan_credits', 'bonus_credits')) as {
    id: number;
    planCredits: number;
    bonusCredits: number;
  }[];
  for (const account of accounts) {
    await knex('credit_transactions').insert({
      account_id: account.id,
      type: 'opening',
      amount: account.planCredits + account.bonusCredits,
      plan_amount: account.planCredits,
      bonus_amount: account.bonusCredits,
      balance_after: account.planCredits + account.bonusCredits,
      plan_balance_after: account.planCredits,
      bonus_balance_after: account.bonusCredits,
      idempotency_key: 'opening-balance',
      description: 'Opening balance',
      created_at: now,
      updated_at: now,
    });
  }
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('credit_usage_logs');
  await knex.schema.dropTable('credit_transactions');
  await knex.schema.dropTable('credit_costs');
}
