import type { Knex } from 'knex';
import { createTable, foreignId, INDEXED_STRING, timestamps } from '../../platform/db/schema';

export async function up(knex: Knex): Promise<void> {
  await createTable(knex, 'plans', (table) => {
    table.increments('id');
    table.string('slug', 64).notNullable().unique();
    table.string('name', 120).notNullable();
    table.boolean('is_default').notNullable().defaultTo(false);
    table.boolean('is_active').notNullable().defaultTo(true);
    table.integer('price_cents').notNullable().defaultTo(0);
    table.integer('max_sites').notNullable();
    table.integer('max_users').notNullable();
    table.integer('max_sectors_per_site').notNullable();
    table.integer('max_keywords').notNullable();
    table.integer('included_credits').notNullable();
    timestamps(table);
  });

  await createTable(knex, 'accounts', (table) => {
    table.increments('id');
    table.string('name', 160).notNullable();
    table.string('slug', INDEXED_STRING).notNullable().unique();
    table.string('status', 16).notNullable().defaultTo('active');
    table.boolean('is_system').notNullable().defaultTo(false);
    foreignId(table, 'plan_id', 'plans', 'RESTRICT').notNullable();
    table.integer('plan_credits').notNullable().defaultTo(0);
    table.integer('bonus_credits').notNullable().defaultTo(0);
    timestamps(table);
  });

  await createTable(knex, 'subscriptions', (table) => {
    table.increments('id');
    foreignId(table, 'account_id', 'accounts').notNullable();
    foreignId(table, 'plan_id', 'plans', 'RESTRICT').notNullable();
    table.string('status', 16).notNullable().defaultTo('active');
    table.datetime('current_period_start', { precision: 3 }).notNullable();
    table.datetime('current_period_end', { precision: 3 }).notNullable();
    table.datetime('cancelled_at', { precision: 3 }).nullable();
    timestamps(table);
    table.index(['account_id', 'status']);
  });

  const now = new Date();
  const plan = (
    slug: string,
    name: string,
    isDefault: boolean,
    price: number,
    sites: number,
    users: number,
    sectors: number,
    keywords: number,
    credits: number,
  ) => ({
    slug,
    name,
    is_default: isDefault,
    is_active: true,
    price_cents: price,
    max_sites: sites,
    max_users: users,
    max_sectors_per_site: sectors,
    max_keywords: keywords,
    included_credits: credits,
    created_at: now,
    updated_at: now,
  });
  await knex('plans').insert([
    plan('free', 'Free', true, 0, 1, 2, 3, 500, 100),
    plan('starter', 'Starter', false, 2900, 3, 5, 5, 5_000, 1_000),
    plan('growth', 'Growth', false, 7900, 10, 15, 5, 50_000, 5_000),
    plan('scale', 'Scale', false, 19900, 50, 50, 5, 500_000, 20_000),
  ]);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('subscriptions');
  await knex.schema.dropTable('accounts');
  await knex.schema.dropTable('plans');
}
