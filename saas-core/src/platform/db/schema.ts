import type { Knex } from 'knex';
import { dialectOf } from './index';

/** Migration helpers, so every table gets the same types and options on MySQL and SQLite. */

/** utf8mb4 indexes on MySQL cap at 191 characters per indexed varchar. */
export const INDEXED_STRING = 191;

export function createTable(knex: Knex, name: string, build: (table: Knex.CreateTableBuilder) => void): Knex.SchemaBuilder {
  return knex.schema.createTable(name, (table) => {
    if (dialectOf(knex) === 'mysql') {
      table.charset('utf8mb4');
      table.collate('utf8mb4_unicode_ci');
      table.engine('InnoDB');
    }
    build(table);
  });
}

export function timestamps(table: Knex.CreateTableBuilder): void {
  table.datetime('created_at', { precision: 3 }).notNullable();
  table.datetime('updated_at', { precision: 3 }).notNullable();
}

export function foreignId(
  table: Knex.CreateTableBuilder,
  column: string,
  references: string,
  onDelete: 'CASCADE' | 'SET NULL' | 'RESTRICT' = 'CASCADE',
): Knex.ReferencingColumnBuilder {
  return table.integer(column).unsigned().references('id').inTable(references).onDelete(onDelete);
}

/** account_id, site_id and sector_id: the columns of every row under a sector. */
export function sectorScopeColumns(table: Knex.CreateTableBuilder): void {
  foreignId(table, 'account_id', 'accounts').notNullable();
  foreignId(table, 'site_id', 'sites').notNullable();
  foreignId(table, 'sector_id', 'sectors').notNullable();
}
