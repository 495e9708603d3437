import type { Knex } from 'knex';
import { createTable, foreignId, timestamps } from '../../platform/db/schema';

export async function up(knex: Knex): Promise<void> {
  // Per-account AI provider settings; the key is sealed with AES-256-GCM (SECRETS_KEY) and never sent back.
  await createTable(knex, 'integration_settings', (table) => {
    table.increments('id');
    foreignId(table, 'account_id', 'accounts').notNullable();
    table.string('provider', 32).notNullable();
    table.boolean('is_enabled').notNullable().defaultTo(true);
    table.json('config').notNullable();
    table.text('secret_sealed').nullable();
    table.string('secret_hint', 16).nullable();
    table.datetime('last_tested_at', { precision: 3 }).nullable();
    table.boolean('last_test_ok').nullable();
    table.string('last_test_error', 500).nullable();
    timestamps(table);
    table.unique(['account_id', 'provider']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('integration_settings');
}
