import type { Knex } from 'knex';
import { createTable, foreignId, INDEXED_STRING, sectorScopeColumns, timestamps } from '../../platform/db/schema';

export async function up(knex: Knex): Promise<void> {
  await createTable(knex, 'keywords', (table) => {
    table.increments('id');
    sectorScopeColumns(table);
    table.string('keyword', 255).notNullable();
    table.string('normalized_keyword', INDEXED_STRING).notNullable();
    table.integer('volume').nullable();
    table.integer('difficulty').nullable();
    table.decimal('cpc', 10, 2).nullable();
    table.string('intent', 16).nullable();
    table.string('status', 16).notNullable().defaultTo('active');
    table.string('source', 16).notNullable().defaultTo('manual');
    foreignId(table, 'seed_keyword_id', 'seed_keywords', 'SET NULL').nullable();
    timestamps(table);
    table.unique(['site_id', 'sector_id', 'normalized_keyword']);
    table.index(['account_id', 'site_id', 'sector_id', 'status']);
    table.index(['account_id', 'created_at']);
  });

  await createTable(knex, 'clusters', (table) => {
    table.increments('id');
    sectorScopeColumns(table);
    table.string('name', 200).notNullable();
    table.text('description').nullable();
    table.string('status', 16).notNullable().defaultTo('active');
    timestamps(table);
    table.index(['account_id', 'site_id', 'sector_id', 'status']);
  });

  await createTable(knex, 'cluster_keywords', (table) => {
    table.increments('id');
    foreignId(table, 'account_id', 'accounts').notNullable();
    foreignId(table, 'cluster_id', 'clusters').notNullable();
    foreignId(table, 'keyword_id', 'keywords').notNullable();
    timestamps(table);
    table.unique(['cluster_id', 'keyword_id']);
    table.index(['keyword_id']);
  });

  await createTable(knex, 'content_ideas', (table) => {
    table.increments('id');
    sectorScopeColumns(table);
    foreignId(table, 'cluster_id', 'clusters', 'SET NULL').nullable();
    table.string('title', 255).notNullable();
    table.text('description').nullable();
    table.string('content_type', 16).notNullable().defaultTo('post');
    table.string('content_structure', 32).notNullable().defaultTo('article');
    table.json('target_keywords').notNullable();
    table.integer('estimated_word_count').nullable();
    table.json('outline').notNullable();
    table.string('status', 16).notNullable().defaultTo('new');
    timestamps(table);
    table.index(['account_id', 'site_id', 'sector_id', 'status']);
  });

  // Large CSV imports run as jobs; the row keeps their progress and outcome for any API process to report.
  await createTable(knex, 'keyword_imports', (table) => {
    table.increments('id');
    sectorScopeColumns(table);
    foreignId(table, 'created_by_id', 'users', 'SET NULL').nullable();
    table.string('file_name', 255).notNullable();
    table.string('file_path', 500).notNullable();
    table.bigInteger('file_bytes').notNullable();
    table.string('status', 16).notNullable().defaultTo('queued');
    table.bigInteger('bytes_read').notNullable().defaultTo(0);
    table.integer('rows_read').notNullable().defaultTo(0);
    table.integer('created').notNullable().defaultTo(0);
    table.integer('updated').notNullable().defaultTo(0);
    table.integer('duplicates').notNullable().defaultTo(0);
    table.integer('error_count').notNullable().defaultTo(0);
    table.json('errors').notNullable();
    table.string('failure_code', 64).nullable();
    table.text('failure_message').nullable();
    table.datetime('started_at', { precision: 3 }).nullable();
    table.datetime('finished_at', { precision: 3 }).nullable();
    timestamps(table);
    table.index(['account_id', 'site_id', 'created_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('keyword_imports');
  await knex.schema.dropTable('content_ideas');
  await knex.schema.dropTable('cluster_keywords');
  await knex.schema.dropTable('clusters');
  await knex.schema.dropTable('keywords');
}
