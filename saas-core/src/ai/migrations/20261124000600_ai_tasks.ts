import type { Knex } from 'knex';
import { createTable, foreignId, timestamps } from '../../platform/db/schema';

export async function up(knex: Knex): Promise<void> {
  // One row per AI run: its live status and progress (read by any API process) and, once done, its log.
  await createTable(knex, 'ai_tasks', (table) => {
    table.increments('id');
    table.string('task_id', 36).notNullable().unique();
    foreignId(table, 'account_id', 'accounts').notNullable();
    foreignId(table, 'site_id', 'sites').nullable();
    foreignId(table, 'created_by_id', 'users', 'SET NULL').nullable();
    table.string('function', 32).notNullable();
    table.string('engine', 16).notNullable();
    table.string('status', 16).notNullable().defaultTo('queued');
    table.string('phase', 16).notNullable().defaultTo('INIT');
    table.integer('progress').notNullable().defaultTo(0);
    table.string('message', 255).nullable();
    table.json('input').notNullable();
    table.json('result').nullable();
    table.string('error_code', 64).nullable();
    table.text('error_message').nullable();
    table.string('model', 64).nullable();
    table.integer('tokens_in').notNullable().defaultTo(0);
    table.integer('tokens_out').notNullable().defaultTo(0);
    table.integer('credits').notNullable().defaultTo(0);
    table.datetime('started_at', { precision: 3 }).nullable();
    table.datetime('finished_at', { precision: 3 }).nullable();
    timestamps(table);
    table.index(['account_id', 'created_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('ai_tasks');
}
