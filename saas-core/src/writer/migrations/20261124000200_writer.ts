import type { Knex } from 'knex';
import { createTable, foreignId, sectorScopeColumns, timestamps } from '../../platform/db/schema';

export async function up(knex: Knex): Promise<void> {
  await createTable(knex, 'tasks', (table) => {
    table.increments('id');
    sectorScopeColumns(table);
    foreignId(table, 'idea_id', 'content_ideas', 'SET NULL').nullable();
    foreignId(table, 'cluster_id', 'clusters', 'SET NULL').nullable();
    table.string('title', 255).notNullable();
    table.text('brief').nullable();
    table.json('target_keywords').notNullable();
    table.string('content_type', 16).notNullable().defaultTo('post');
    table.string('content_structure', 32).notNullable().defaultTo('article');
    table.integer('word_count_target').nullable();
    table.json('outline').notNullable();
    table.string('status', 16).notNullable().defaultTo('pending');
    table.bigInteger('wp_post_id').nullable();
    table.string('wp_post_url', 500).nullable();
    timestamps(table);
    table.index(['account_id', 'site_id', 'sector_id', 'status']);
    table.index(['idea_id']);
  });

  await createTable(knex, 'contents', (table) => {
    table.increments('id');
    sectorScopeColumns(table);
    foreignId(table, 'task_id', 'tasks').notNullable().unique();
    table.string('title', 255).notNullable();
    table.text('html', 'longtext').notNullable();
    table.integer('word_count').notNullable().defaultTo(0);
    table.string('meta_title', 255).nullable();
    table.text('meta_description').nullable();
    table.string('primary_keyword', 255).nullable();
    table.json('secondary_keywords').notNullable();
    table.string('status', 16).notNullable().defaultTo('draft');
    table.integer('version').notNullable().defaultTo(1);
    table.bigInteger('wp_post_id').nullable();
    table.string('wp_post_url', 500).nullable();
    timestamps(table);
    table.index(['account_id', 'site_id', 'sector_id', 'status']);
  });

  // Each row is a content's state before one of its saves: the history a user restores from.
  await createTable(knex, 'content_versions', (table) => {
    table.increments('id');
    foreignId(table, 'account_id', 'accounts').notNullable();
    foreignId(table, 'content_id', 'contents').notNullable();
    table.integer('version').notNullable();
    table.string('title', 255).notNullable();
    table.text('html', 'longtext').notNullable();
    table.integer('word_count').notNullable().defaultTo(0);
    table.string('meta_title', 255).nullable();
    table.text('meta_description').nullable();
    table.string('primary_keyword', 255).nullable();
    table.json('secondary_keywords').notNullable();
    table.string('status', 16).notNullable();
    foreignId(table, 'created_by_id', 'users', 'SET NULL').nullable();
    timestamps(table);
    table.unique(['content_id', 'version']);
  });

  await createTable(knex, 'images', (table) => {
    table.increments('id');
    sectorScopeColumns(table);
    foreignId(table, 'task_id', 'tasks').nullable();
    foreignId(table, 'content_id', 'contents').nullable();
    table.string('type', 16).notNullable();
    table.text('prompt').nullable();
    table.string('alt_text', 500).nullable();
    table.text('caption').nullable();
    table.integer('position').notNullable().defaultTo(0);
    table.string('storage_path', 500).nullable();
    table.string('mime_type', 64).nullable();
    table.integer('byte_size').nullable();
    table.string('status', 16).notNullable().defaultTo('pending');
    table.string('provider', 32).nullable();
    table.string('model', 64).nullable();
    timestamps(table);
    table.index(['account_id', 'site_id', 'sector_id', 'status']);
    table.index(['task_id']);
    table.index(['content_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('images');
  await knex.schema.dropTable('content_versions');
  await knex.schema.dropTable('contents');
  await knex.schema.dropTable('tasks');
}
