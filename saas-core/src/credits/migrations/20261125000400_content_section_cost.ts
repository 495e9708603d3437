import type { Knex } from 'knex';

/**
 * Regenerating one section of an article gets a price of its own (it was charged as a `reparse`),
 * so an admin can set it apart from reparsing. The default stays what it cost: 1 credit a section.
 */
export async function up(knex: Knex): Promise<void> {
  const now = new Date();
  await knex('credit_costs').insert({
    operation: 'content_section',
    credits: 1,
    per_units: 1,
    min_credits: 1,
    unit_label: 'sections',
    created_at: now,
    updated_at: now,
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex('credit_costs').where({ operation: 'content_section' }).delete();
}
