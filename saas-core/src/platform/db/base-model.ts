import { Model, type ModelOptions, type Pojo, type QueryContext } from 'objection';

/**
 * Base for every model: timestamps, and the conversions that make rows look the same on MySQL
 * and SQLite (SQLite hands back dates as epoch milliseconds and booleans as 0/1).
 */
export class BaseModel extends Model {
  id!: number;
  createdAt!: Date;
  updatedAt!: Date;

  static dateColumns: readonly string[] = ['createdAt', 'updatedAt'];
  static booleanColumns: readonly string[] = [];

  override $beforeInsert(_queryContext: QueryContext): void | Promise<void> {
    const now = new Date();
    this.createdAt ??= now;
    this.updatedAt = now;
  }

  override $beforeUpdate(_options: ModelOptions, _queryContext: QueryContext): void | Promise<void> {
    this.updatedAt = new Date();
  }

  override $parseDatabaseJson(json: Pojo): Pojo {
    const parsed = super.$parseDatabaseJson(json);
    const modelClass = this.constructor as typeof BaseModel;
    for (const column of modelClass.dateColumns) {
      const value = parsed[column];
      if (value !== null && value !== undefined && !(value instanceof Date)) parsed[column] = new Date(value as string | number);
    }
    for (const column of modelClass.booleanColumns) {
      const value = parsed[column];
      if (value !== null && value !== undefined) parsed[column] = Boolean(value);
    }
    return parsed;
  }
}
