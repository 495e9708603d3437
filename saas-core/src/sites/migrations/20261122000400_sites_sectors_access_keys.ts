import type { Knex } from 'knex';
import { createTable, foreignId, INDEXED_STRING, timestamps } from '../../platform/db/schema';

export async function up(knex: Knex): Promise<void> {
  await createTable(knex, 'sites', (table) => {
    table.increments('id');
    foreignId(table, 'account_id', 'accounts').notNullable();
    table.string('name', 160).notNullable();
    table.string('slug', INDEXED_STRING).notNullable();
    table.string('domain', 255).nullable();
    table.text('description').nullable();
    foreignId(table, 'industry_id', 'industries', 'SET NULL').nullable();
    table.boolean('is_active').notNullable().defaultTo(true);
    table.string('status', 16).notNullable().defaultTo('active');
    timestamps(table);
    table.unique(['account_id', 'slug']);
  });

  await createTable(knex, 'sectors', (table) => {
    table.increments('id');
    foreignId(table, 'account_id', 'accounts').notNullable();
    foreignId(table, 'site_id', 'sites').notNullable();
    foreignId(table, 'industry_sector_id', 'industry_sectors', 'SET NULL').nullable();
    table.string('name', 120).notNullable();
    table.string('slug', INDEXED_STRING).notNullable();
    table.text('description').nullable();
    table.boolean('is_active').notNullable().defaultTo(true);
    timestamps(table);
    table.unique(['site_id', 'slug']);
    table.index(['account_id', 'site_id']);
  });

  await createTable(knex, 'site_user_access', (table) => {
    table.increments('id');
    foreignId(table, 'account_id', 'accounts').notNullable();
    foreignId(table, 'site_id', 'sites').notNullable();
    foreignId(table, 'user_id', 'users').notNullable();
    foreignId(table, 'granted_by_id', 'users', 'SET NULL').nullable();
    timestamps(table);
    table.unique(['user_id', 'site_id']);
    table.index(['account_id', 'site_id']);
  });

  await createTable(knex, 'api_keys', (table) => {
    table.increments('id');
    foreignId(table, 'account_id', 'accounts').notNullable();
    foreignId(table, 'site_id', 'sites').notNullable();
    table.string('name', 120).notNullable();
    table.string('prefix', 32).notNullable().unique();
    table.string('key_hash', 64).notNullable();
    foreignId(table, 'created_by_id', 'users', 'SET NULL').nullable();
    table.datetime('last_used_at', { precision: 3 }).nullable();
    table.datetime('revoked_at', { precision: 3 }).nullable();
    timestamps(table);
    table.index(['account_id', 'site_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('api_keys');
  await knex.schema.dropTable('site_user_access');
  await knex.schema.dropTable('sectors');
  await knex.schema.dropTable('sites');
}
