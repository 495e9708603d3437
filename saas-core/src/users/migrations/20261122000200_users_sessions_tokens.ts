import type { Knex } from 'knex';
import { createTable, foreignId, INDEXED_STRING, timestamps } from '../../platform/db/schema';

export async function up(knex: Knex): Promise<void> {
  await createTable(knex, 'users', (table) => {
    table.increments('id');
    foreignId(table, 'account_id', 'accounts').notNullable();
    table.string('email', INDEXED_STRING).notNullable().unique();
    table.string('password_hash', 255).notNullable();
    table.string('first_name', 80).notNullable().defaultTo('');
    table.string('last_name', 80).notNullable().defaultTo('');
    table.string('role', 16).notNullable();
    table.boolean('is_active').notNullable().defaultTo(true);
    table.datetime('last_login_at', { precision: 3 }).nullable();
    timestamps(table);
    table.index(['account_id', 'role']);
  });

  // A session is one sign-in; its refresh tokens form one rotation family.
  await createTable(knex, 'auth_sessions', (table) => {
    table.increments('id');
    foreignId(table, 'account_id', 'accounts').notNullable();
    foreignId(table, 'user_id', 'users').notNullable();
    table.string('user_agent', 255).nullable();
    table.string('ip', 64).nullable();
    table.datetime('revoked_at', { precision: 3 }).nullable();
    table.string('revoked_reason', 32).nullable();
    table.datetime('last_used_at', { precision: 3 }).nullable();
    timestamps(table);
    table.index(['user_id', 'revoked_at']);
  });

  await createTable(knex, 'refresh_tokens', (table) => {
    table.increments('id');
    foreignId(table, 'session_id', 'auth_sessions').notNullable();
    table.string('token_hash', 64).notNullable().unique();
    table.datetime('expires_at', { precision: 3 }).notNullable();
    table.datetime('used_at', { precision: 3 }).nullable();
    timestamps(table);
  });

  await createTable(knex, 'password_reset_tokens', (table) => {
    table.increments('id');
    foreignId(table, 'user_id', 'users').notNullable();
    table.string('token_hash', 64).notNullable().unique();
    table.datetime('expires_at', { precision: 3 }).notNullable();
    table.datetime('used_at', { precision: 3 }).nullable();
    timestamps(table);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('password_reset_tokens');
  await knex.schema.dropTable('refresh_tokens');
  await knex.schema.dropTable('auth_sessions');
  await knex.schema.dropTable('users');
}
