import type { Knex } from 'knex';
import { createTable, foreignId, INDEXED_STRING, sectorScopeColumns, timestamps } from '../../platform/db/schema';

export async function up(knex: Knex): Promise<void> {
  // One WordPress connection per site; the signing secret is sealed with the platform's secrets key.
  await createTable(knex, 'site_integrations', (table) => {
    table.increments('id');
    foreignId(table, 'account_id', 'accounts').notNullable();
    foreignId(table, 'site_id', 'sites').notNullable().unique();
    table.string('platform', 16).notNullable().defaultTo('wordpress');
    table.string('status', 16).notNullable();
    table.string('site_url', 500).notNullable();
    table.string('rest_url', 500).notNullable();
    table.string('wp_site_name', 255).nullable();
    table.string('wp_version', 32).nullable();
    table.string('plugin_version', 32).nullable();
    table.text('signing_secret_sealed').nullable();
    table.json('structure').nullable();
    table.datetime('connected_at', { precision: 3 }).nullable();
    table.datetime('last_sync_at', { precision: 3 }).nullable();
    table.datetime('last_checked_at', { precision: 3 }).nullable();
    table.string('last_error', 1000).nullable();
    timestamps(table);
    table.index(['account_id']);
  });

  // The publishing state of one content on its site's WordPress: one row per content, updated on every publish.
  await createTable(knex, 'publishing_records', (table) => {
    table.increments('id');
    sectorScopeColumns(table);
    foreignId(table, 'content_id', 'contents').notNullable().unique();
    foreignId(table, 'integration_id', 'site_integrations').notNullable();
    table.string('status', 16).notNullable();
    table.string('requested_wp_status', 16).notNullable();
    table.datetime('scheduled_for', { precision: 3 }).nullable();
    table.json('options').notNullable();
    // Counts publish requests: each gets its own job id, so a new request is never taken for an old one.
    table.integer('requests').notNullable().defaultTo(0);
    table.integer('attempts').notNullable().defaultTo(0);
    table.bigInteger('wp_post_id').nullable();
    table.string('wp_post_url', 500).nullable();
    table.string('error_code', 64).nullable();
    table.string('error_message', 1000).nullable();
    table.datetime('heartbeat_at', { precision: 3 }).nullable();
    table.datetime('published_at', { precision: 3 }).nullable();
    timestamps(table);
    table.index(['status', 'heartbeat_at']);
  });

  // The sync log: every exchange with WordPress, both ways. Inbound webhooks are de-duplicated by event id.
  await createTable(knex, 'sync_events', (table) => {
    table.increments('id');
    foreignId(table, 'account_id', 'accounts').notNullable();
    foreignId(table, 'site_id', 'sites').notNullable();
    foreignId(table, 'integration_id', 'site_integrations').notNullable();
    table.string('direction', 8).notNullable();
    table.string('kind', 32).notNullable();
    table.string('outcome', 16).notNullable();
    table.string('event_id', 64).nullable();
    foreignId(table, 'content_id', 'contents', 'SET NULL').nullable();
    table.bigInteger('wp_post_id').nullable();
    table.string('message', 1000).notNullable();
    table.json('details').nullable();
    timestamps(table);
    table.unique(['integration_id', 'event_id']);
    table.index(['account_id', 'site_id', 'created_at']);
  });

  // Signatures already accepted, kept past the 5-minute window so a replay is refused.
  await createTable(knex, 'signature_receipts', (table) => {
    table.string('signature', INDEXED_STRING).primary();
    table.datetime('received_at', { precision: 3 }).notNullable().index();
  });

  await knex.schema.alterTable('contents', (table) => {
    table.string('wp_status', 16).nullable();
    // When WordPress last changed the post, as its latest applied event said: older events are ignored.
    table.datetime('wp_synced_at', { precision: 3 }).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('contents', (table) => {
    table.dropColumn('wp_status');
    table.dropColumn('wp_synced_at');
  });
  await knex.schema.dropTable('signature_receipts');
  await knex.schema.dropTable('sync_events');
  await knex.schema.dropTable('publishing_records');
  await knex.schema.dropTable('site_integrations');
}
