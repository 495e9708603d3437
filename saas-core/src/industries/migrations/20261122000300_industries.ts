import type { Knex } from 'knex';
import { createTable, foreignId, INDEXED_STRING, timestamps } from '../../platform/db/schema';

export async function up(knex: Knex): Promise<void> {
  await createTable(knex, 'industries', (table) => {
    table.increments('id');
    table.string('name', 120).notNullable();
    table.string('slug', INDEXED_STRING).notNullable().unique();
    table.text('description').nullable();
    table.boolean('is_active').notNullable().defaultTo(true);
    timestamps(table);
  });

  await createTable(knex, 'industry_sectors', (table) => {
    table.increments('id');
    foreignId(table, 'industry_id', 'industries').notNullable();
    table.string('name', 120).notNullable();
    table.string('slug', INDEXED_STRING).notNullable();
    table.text('description').nullable();
    table.boolean('is_active').notNullable().defaultTo(true);
    timestamps(table);
    table.unique(['industry_id', 'slug']);
  });

  await createTable(knex, 'seed_keywords', (table) => {
    table.increments('id');
    foreignId(table, 'industry_id', 'industries').notNullable();
    foreignId(table, 'industry_sector_id', 'industry_sectors').notNullable();
    table.string('keyword', 255).notNullable();
    table.string('normalized_keyword', INDEXED_STRING).notNullable();
    table.integer('volume').nullable();
    table.integer('difficulty').nullable();
    table.string('intent', 16).nullable();
    table.boolean('is_active').notNullable().defaultTo(true);
    timestamps(table);
    table.unique(['industry_sector_id', 'normalized_keyword']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('seed_keywords');
  await knex.schema.dropTable('industry_sectors');
  await knex.schema.dropTable('industries');
}
