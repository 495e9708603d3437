import type { Knex } from 'knex';

/** A site's own author profile: the voice its articles are written in when a run names none (else the account's default). */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('sites', (table) => {
    table.integer('author_profile_id').unsigned().nullable().references('id').inTable('author_profiles').onDelete('SET NULL');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('sites', (table) => {
    table.dropForeign(['author_profile_id']);
    table.dropColumn('author_profile_id');
  });
}
