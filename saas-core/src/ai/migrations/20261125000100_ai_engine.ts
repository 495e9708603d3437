import type { Knex } from 'knex';
import { createTable, foreignId, timestamps } from '../../platform/db/schema';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('ai_tasks', (table) => {
    table.string('queue', 16).notNullable().defaultTo('ai');
    // Runs started; a stalled or recovered job counts too, so a job that keeps dying stops somewhere.
    table.integer('attempts').notNullable().defaultTo(0);
    // Touched while a worker runs the task: the recovery sweep re-queues tasks whose heartbeat stopped.
    table.datetime('heartbeat_at', { precision: 3 }).nullable();
    table.decimal('cost_usd', 12, 6).notNullable().defaultTo(0);
    table.index(['status', 'heartbeat_at']);
  });

  // AITaskLog: one row per run of a task, what it cost and how it ended.
  await createTable(knex, 'ai_task_logs', (table) => {
    table.increments('id');
    foreignId(table, 'account_id', 'accounts').notNullable();
    foreignId(table, 'ai_task_id', 'ai_tasks').notNullable();
    table.string('function', 32).notNullable();
    table.string('engine', 16).notNullable();
    table.integer('attempt').notNullable();
    table.string('status', 16).notNullable();
    table.string('model', 64).nullable();
    table.integer('ai_calls').notNullable().defaultTo(0);
    table.integer('tokens_in').notNullable().defaultTo(0);
    table.integer('tokens_out').notNullable().defaultTo(0);
    table.decimal('cost_usd', 12, 6).notNullable().defaultTo(0);
    table.integer('credits').notNullable().defaultTo(0);
    table.string('error_code', 64).nullable();
    table.text('error_detail').nullable();
    table.datetime('started_at', { precision: 3 }).notNullable();
    table.datetime('finished_at', { precision: 3 }).notNullable();
    table.integer('duration_ms').notNullable();
    timestamps(table);
    table.index(['account_id', 'created_at']);
    table.index(['ai_task_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('ai_task_logs');
  await knex.schema.alterTable('ai_tasks', (table) => {
    table.dropIndex(['status', 'heartbeat_at']);
    table.dropColumn('queue');
    table.dropColumn('attempts');
    table.dropColumn('heartbeat_at');
    table.dropColumn('cost_usd');
  });
}
