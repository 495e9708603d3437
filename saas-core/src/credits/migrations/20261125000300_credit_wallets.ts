import type { Knex } from 'knex';
import { createTable, foreignId, timestamps } from '../../platform/db/schema';

/**
 * Balances move from `accounts` to a wallet row of their own. Every row of an account refers to
 * `accounts`, and each such insert share-locks that row; a balance kept there could only be
 * updated once all of them committed, so credit operations queued behind every write of the
 * account. Nothing refers to a wallet, so its lock is taken last and held for a moment.
 */
export async function up(knex: Knex): Promise<void> {
  await createTable(knex, 'credit_wallets', (table) => {
    table.increments('id');
    foreignId(table, 'account_id', 'accounts').notNullable().unique();
    table.integer('plan_credits').notNullable().defaultTo(0);
    table.integer('bonus_credits').notNullable().defaultTo(0);
    // Credits set aside by runs in progress (the sum of their holds), checked and changed in one statement.
    table.integer('held_credits').notNullable().defaultTo(0);
    timestamps(table);
  });
  const now = new Date();
  const accounts = (await knex('accounts').select('id', 'plan_credits', 'bonus_credits')) as {
    id: number;
    planCredits: number;
    bonusCredits: number;
  }[];
  const held = (await knex('credit_holds')
    .where({ status: 'held' })
    .where('expires_at', '>', now)
    .groupBy('account_id')
    .select('account_id')
    .sum({ total: 'credits' })) as {
    accountId: number;
    total: number | string;
  }[];
  for (const account of accounts) {
    await knex('credit_wallets').insert({
      account_id: account.id,
      plan_credits: account.planCredits,
      bonus_credits: account.bonusCredits,
      held_credits: Number(held.find((row) => row.accountId === account.id)?.total ?? 0),
      created_at: now,
      updated_at: now,
    });
  }
  // Plain ALTER TABLE … DROP COLUMN on both databases (SQLite has it since 3.35): no table rebuild.
  await knex.raw('ALTER TABLE ?? DROP COLUMN ??', ['accounts', 'plan_credits']);
  await knex.raw('ALTER TABLE ?? DROP COLUMN ??', ['accounts', 'bonus_credits']);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('accounts', (table) => {
    table.integer('plan_credits').notNullable().defaultTo(0);
    table.integer('bonus_credits').notNullable().defaultTo(0);
  });
  const wallets = (await knex('credit_wallets').select('account_id', 'plan_credits', 'bonus_credits')) as {
    accountId: number;
    planCredits: number;
    bonusCredits: number;
  }[];
  for (const wallet of wallets) {
    await knex('accounts').where({ id: wallet.accountId }).update({ plan_credits: wallet.planCredits, bonus_credits: wallet.bonusCredits });
  }
  await knex.schema.dropTable('credit_wallets');
}
