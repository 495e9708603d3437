import fs from 'node:fs';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { escape as escapeMysql } from 'mysql2';
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

/**
 * A deadlock or lock-wait timeout: the database gave up on this transaction so others can go on.
 * Running it again is the documented remedy (MySQL error 1213 / 1205, SQLite's busy database).
 */
export function isTransientLockError(err: unknown): boolean {
  const native = ((err as { nativeError?: unknown })?.nativeError ?? err) as { errno?: number; code?: string };
  return native?.errno === 1213 || native?.errno === 1205 || native?.code === 'SQLITE_BUSY';
}

/**
 * Runs `work` in a transaction, again (up to `attempts` times, after a short random pause) when the
 * database breaks a deadlock by rolling it back. Inside an outer transaction it simply joins it:
 * the outer one is the unit that is retried. `work` must not have effects outside the database.
 */
export async function inTransaction<T>(knex: Knex, work: (trx: Knex.Transaction) => Promise<T>, attempts = 4): Promise<T> {
  if (knex.isTransaction) return work(knex as Knex.Transaction);
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await knex.transaction(work);
    } catch (err) {
      if (attempt >= attempts || !isTransientLockError(err)) throw err;
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * attempt));
    }
  }
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

/** A unique key refused the write (MySQL or SQLite). */
export function isDuplicateKeyError(err: unknown): boolean {
  const code = (err as { code?: string }).code ?? '';
  return code === 'ER_DUP_ENTRY' || code.startsWith('SQLITE_CONSTRAINT');
}

/**
 * Inserts rows, silently skipping those that collide with a unique key, and returns how many went
 * in. Only key collisions are skipped (never INSERT IGNORE, which would also swallow bad data).
 */
export async function insertSkippingDuplicates(knex: Knex, table: string, rows: Record<string, unknown>[], uniqueColumns: string[]): Promise<number> {
  if (rows.length === 0) return 0;
  if (dialectOf(knex) === 'mysql') {
    // Large batches: the statement is written here in one pass (knex's builder and mysql2's
    // placeholder pass cost more than the insert itself), values escaped by mysql2 as it would.
    const columns = Object.keys(rows[0]!);
    const columnList = columns.map((column) => knex.raw('??', [column]).toQuery()).join(', ');
    const dates = new Map<Date, string>(); // rows of a batch share their timestamps
    const escape = (value: unknown) => {
      if (!(value instanceof Date)) return escapeMysql(value as Parameters<typeof escapeMysql>[0], false, 'Z');
      let escaped = dates.get(value);
      if (escaped === undefined) dates.set(value, (escaped = escapeMysql(value, false, 'Z')));
      return escaped;
    };
    const values = rows.map((row) => `(${columns.map((column) => escape(row[column])).join(',')})`).join(',');
    const result = await queryOnConnection<{ info: string; insertId: number }>(
      knex,
      `insert into ${knex.raw('??', [table]).toQuery()} (${columnList}) values ${values} on duplicate key update id = id`,
    );
    // mysql2 counts a matched duplicate as affected (FOUND_ROWS), so read the server's own tally; a
    // one-row insert has none, and its insertId is 0 when the row was a duplicate.
    const tally = /Records: (\d+)\s+Duplicates: (\d+)/.exec(result.info);
    if (tally) return Number(tally[1]) - Number(tally[2]);
    return result.insertId > 0 ? 1 : 0;
  }
  const { sql, bindings } = knex(table).insert(rows).onConflict(uniqueColumns).ignore().toSQL().toNative();
  const result = (await knex.raw(sql, bindings as Knex.RawBinding[])) as unknown as { changes: number };
  return result.changes;
}

/**
 * Inserts rows in one statement and returns their ids, in the rows' order. MySQL reports only the
 * first id; the others follow it by auto_increment_increment when InnoDB gives a statement its ids
 * in one go (autoinc lock mode 0 or 1, MariaDB's default). Under mode 2 (MySQL 8's default) they
 * may interleave with other sessions' ids, so there the rows go in one statement each. SQLite
 * names every id (RETURNING), and gives a statement's rows ascending ids.
 */
export async function insertReturningIds(knex: Knex, table: string, rows: Record<string, unknown>[]): Promise<number[]> {
  if (rows.length === 0) return [];
  if (dialectOf(knex) === 'sqlite') {
    const returned = (await knex(table).insert(rows).returning('id')) as { id: number }[];
    return returned.map(({ id }) => id).sort((a, b) => a - b);
  }
  const { consecutive, step } = await autoIncrementOf(knex);
  if (!consecutive || rows.length === 1) {
    const ids: number[] = [];
    for (const row of rows) ids.push(((await knex(table).insert(row)) as number[])[0]!);
    return ids;
  }
  const [first] = (await knex(table).insert(rows)) as number[];
  return rows.map((_, index) => first! + index * step);
}

/** Read once per database (the server's settings, shared by the pool and its transactions). */
const autoIncrementSettings = new WeakMap<object, Promise<{ consecutive: boolean; step: number }>>();
function autoIncrementOf(knex: Knex): Promise<{ consecutive: boolean; step: number }> {
  const key = knex.client.config as object;
  let settings = autoIncrementSettings.get(key);
  if (!settings) {
    settings = knex
      .raw('select @@innodb_autoinc_lock_mode as mode, @@auto_increment_increment as step')
      .then(([[row]]: [[{ mode: number | string; step: number | string }]]) => ({ consecutive: Number(row.mode) <= 1, step: Number(row.step) }));
    settings.catch(() => autoIncrementSettings.delete(key));
    autoIncrementSettings.set(key, settings);
  }
  return settings;
}

/** Runs finished SQL (no placeholders) on the knex connection, or the transaction's own connection. */
async function queryOnConnection<T>(knex: Knex, sql: string): Promise<T> {
  const client = knex.client as { acquireConnection(): Promise<MysqlConnection>; releaseConnection(connection: MysqlConnection): Promise<void> };
  const connection = await client.acquireConnection();
  try {
    return await new Promise<T>((resolve, reject) => connection.query(sql, (err, result) => (err ? reject(err) : resolve(result as T))));
  } finally {
    await client.releaseConnection(connection);
  }
}

interface MysqlConnection {
  query(sql: string, callback: (err: Error | null, result: unknown) => void): void;
}

/** SQL for the UTC calendar day (YYYY-MM-DD) of a datetime column; SQLite keeps datetimes as epoch milliseconds. */
export function sqlDay(knex: Knex, column: string): Knex.Raw {
  return dialectOf(knex) === 'mysql'
    ? knex.raw('date_format(??, ?)', [column, '%Y-%m-%d'])
    : knex.raw(`strftime('%Y-%m-%d', ?? / 1000, 'unixepoch')`, [column]);
}
