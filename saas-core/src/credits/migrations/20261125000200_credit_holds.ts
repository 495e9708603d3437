import type { Knex } from 'knex';
import { createTable, foreignId, INDEXED_STRING, timestamps } from '../../platform/db/schema';

export async function up(knex: Knex): Promise<void> {
  // Credits set aside for a started AI run: other runs cannot spend them, so a run that was
  // accepted can always pay. Settled into a charge on success, released on failure.
  await createTable(knex, 'credit_holds', (table) => {
    table.increments('id');
    foreignId(table, 'account_id', 'accounts').notNullable();
    table.string('hold_key', INDEXED_STRING).notNullable();
    table.string('operation', 32).notNullable();
    table.integer('credits').notNullable();
    table.string('status', 16).notNullable();
    // A hold whose run vanished stops counting after this, so credits are never locked forever.
    table.datetime('expires_at', { precision: 3 }).notNullable();
    timestamps(table);
    table.unique(['account_id', 'hold_key']);
    table.index(['account_id', 'status', 'expires_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('credit_holds');
}
