import fs from 'node:fs';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { knexSnakeCaseMappers, Model } from 'objection';
import type { Config } from '../config';
import { ModuleMigrationSource } from './migration-source';

export type { Knex };
export type Dialect = Config['databaseDialect'];

/**
 * The one place that knows which database we run on. Everything outside platform/db asks the
 * helpers below instead of branching on the dialect.
 */
export function createDatabase(config: Pick<Config, 'databaseDialect' | 'DATABASE_URL' | 'DATABASE_POOL_MAX' | 'sqliteFile'>): Knex {
  const common = { ...knexSnakeCaseMappers(), migrations: { migrationSource: new ModuleMigrationSource() } };
  let knex: Knex;
  if (config.databaseDialect === 'mysql') {
    knex = knexFactory({
      ...common,
      client: 'mysql2',
      connection: {
        uri: config.DATABASE_URL,
        charset: 'utf8mb4',
        timezone: 'Z',
        supportBigNumbers: true,
        bigNumberStrings: false,
        dateStrings: false,
      } as Knex.MySql2ConnectionConfig,
      pool: { min: 0, max: config.DATABASE_POOL_MAX },
    });
  } else {
    fs.mkdirSync(path.dirname(config.sqliteFile), { recursive: true });
    knex = knexFactory({
      ...common,
      client: 'better-sqlite3',
      connection: { filename: config.sqliteFile },
      useNullAsDefault: true,
      // One connection: SQLite serialises writers anyway, and this makes knex transactions queue
      // instead of failing with SQLITE_BUSY.
      pool: {
        min: 1,
        max: 1,
        afterCreate: (conn: { pragma: (sql: string) => void }, done: (err: Error | null, conn: unknown) => void) => {
          conn.pragma('journal_mode = WAL');
          conn.pragma('foreign_keys = ON');
          conn.pragma('busy_timeout = 5000');
          done(null, conn);
        },
      },
    });
  }
  Model.knex(knex);
  return knex;
}

export function dialectOf(knex: Knex): Dialect {
  return knex.client.config.client === 'mysql2' ? 'mysql' : 'sqlite';
}

/** Row locks exist on MySQL; SQLite already serialises writers, so there it is a no-op. */
export function lockForUpdate<QB extends Knex.QueryBuilder | { forUpdate(): QB }>(knex: Knex, builder: QB): QB {
  return dialectOf(knex) === 'mysql' ? (builder as { forUpdate(): QB }).forUpdate() : builder;
}

export async function migrateLatest(knex: Knex): Promise<string[]> {
  const [, applied] = (await knex.migrate.latest()) as [number, string[]];
  return applied;
}

export async function pingDatabase(knex: Knex): Promise<void> {
  await knex.raw('select 1');
}

/** Escapes a user's search term for LIKE; `!` is the escape character on both dialects. */
export function likePattern(term: string): string {
  return `%${term.replace(/[!%_]/g, (ch) => `!${ch}`)}%`;
}

/** Case-insensitive "contains" over several columns (MySQL's _ci collations; SQLite's LIKE is ASCII-insensitive). */
export function whereContains<QB extends Knex.QueryBuilder>(builder: QB, columns: string[], term: string): QB {
  const pattern = likePattern(term);
  return builder.where((inner: Knex.QueryBuilder) => {
    for (const column of columns) inner.orWhereRaw(`?? LIKE ? ESCAPE '!'`, [column, pattern]);
  }) as QB;
}
