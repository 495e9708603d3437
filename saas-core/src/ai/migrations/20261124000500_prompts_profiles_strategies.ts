import type { Knex } from 'knex';
import { createTable, foreignId, timestamps } from '../../platform/db/schema';

export async function up(knex: Knex): Promise<void> {
  // An account's own prompt for an AI function; without one the built-in default runs.
  await createTable(knex, 'ai_prompts', (table) => {
    table.increments('id');
    foreignId(table, 'account_id', 'accounts').notNullable();
    table.string('function', 32).notNullable();
    table.text('template').notNullable();
    foreignId(table, 'updated_by_id', 'users', 'SET NULL').nullable();
    timestamps(table);
    table.unique(['account_id', 'function']);
  });

  await createTable(knex, 'author_profiles', (table) => {
    table.increments('id');
    foreignId(table, 'account_id', 'accounts').notNullable();
    table.string('name', 120).notNullable();
    table.text('description').nullable();
    table.string('tone', 120).notNullable();
    table.string('language', 32).notNullable();
    table.text('writing_style').nullable();
    table.boolean('is_default').notNullable().defaultTo(false);
    timestamps(table);
    table.index(['account_id']);
  });

  await createTable(knex, 'strategies', (table) => {
    table.increments('id');
    foreignId(table, 'account_id', 'accounts').notNullable();
    table.string('name', 120).notNullable();
    table.text('description').nullable();
    table.string('audience', 255).nullable();
    table.text('guidance').notNullable();
    table.boolean('is_active').notNullable().defaultTo(true);
    timestamps(table);
    table.index(['account_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('strategies');
  await knex.schema.dropTable('author_profiles');
  await knex.schema.dropTable('ai_prompts');
}
