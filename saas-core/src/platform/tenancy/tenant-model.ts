import type { Knex } from 'knex';
import { type ModelOptions, type Page, QueryBuilder, type QueryContext } from 'objection';
import { cached } from '../cache';
import { BaseModel } from '../db/base-model';
import { insertReturningIds } from '../db';
import { NotFoundError, TenancyError, ValidationError } from '../errors';
import type { TenantScope } from './actor';
import { canReachSite } from './scope';

interface TenancyContext {
  tenantScope?: TenantScope;
  tenantUnscopedReason?: string;
}

/**
 * The one query builder that scopes tenant data. A query on a tenant model must say either
 * `forTenant(scope)` or `unscoped(reason)`; otherwise it throws when it is built (fail closed).
 * The scope rides in the query context, so eager-loaded relations are scoped too.
 */
export class TenantQueryBuilder<M extends TenantModel, R = M[]> extends QueryBuilder<M, R> {
  declare ArrayQueryBuilderType: TenantQueryBuilder<M, M[]>;
  declare SingleQueryBuilderType: TenantQueryBuilder<M, M>;
  declare MaybeSingleQueryBuilderType: TenantQueryBuilder<M, M | undefined>;
  declare NumberQueryBuilderType: TenantQueryBuilder<M, number>;
  declare PageQueryBuilderType: TenantQueryBuilder<M, Page<M>>;

  /** Every query of a tenant model starts here (clones copy the hook along with the rest). */
  static override forClass: typeof QueryBuilder.forClass = function (this: typeof QueryBuilder, modelClass) {
    return QueryBuilder.forClass.call(this, modelClass).onBuild(applyTenancy as never);
  } as typeof QueryBuilder.forClass;

  forTenant(scope: TenantScope): this {
    return this.context({ tenantScope: scope });
  }

  /** For the few system paths with no tenant yet (login, API key lookup, jobs). Say why. */
  unscoped(reason: string): this {
    return this.context({ tenantUnscopedReason: reason });
  }
}

const applied = new WeakSet<object>();

/**
 * Which account a site belongs to and which site a sector belongs to never change, and every
 * insert checks them: remembered for a few seconds (forgotten at once when one is deleted here;
 * a row referring to one deleted elsewhere meanwhile still fails on its foreign key). Only rows
 * that exist are remembered.
 */
export const siteLookupKey = (siteId: number) => `tenancy:site:${siteId}`;
export const sectorLookupKey = (sectorId: number) => `tenancy:sector:${sectorId}`;
function lookedUp(knex: Knex, key: string, load: () => PromiseLike<unknown>): Promise<unknown> {
  return cached(knex, key, load, { inTransactions: true, remember: (row) => Boolean(row) });
}

function applyTenancy(builder: TenantQueryBuilder<TenantModel, unknown>): void {
  // A cloned builder carries the hook twice; scope it once.
  if (applied.has(builder)) return;
  applied.add(builder);
  // A where(callback) group is built as a partial builder inside its parent, which is scoped.
  if ((builder as unknown as { isPartial(): boolean }).isPartial()) return;
  const modelClass = builder.modelClass() as unknown as typeof TenantModel;
  const context = builder.context() as TenancyContext;
  if (context.tenantUnscopedReason) return;
  const scope = context.tenantScope;
  if (!scope) {
    throw new TenancyError(`Query on ${modelClass.tableName} has no tenant scope: call forTenant(scope) or unscoped(reason).`);
  }
  if (builder.isInsert()) return; // stamped and checked per row in $beforeInsert
  const table = builder.tableRefFor(modelClass as never);
  if (scope.accountId !== 'all') builder.where(`${table}.${modelClass.accountColumn}`, scope.accountId);
  if (modelClass.siteColumn && scope.siteIds !== 'all') builder.whereIn(`${table}.${modelClass.siteColumn}`, scope.siteIds);
}

/**
 * A row that belongs to an account. Subclasses that also belong to a site name the column that
 * holds the site (`id` for Site itself), and those under a sector set `hasSector`.
 */
export class TenantModel extends BaseModel {
  accountId!: number;

  /** The column holding the account id: `id` for the accounts table itself. */
  static accountColumn: 'accountId' | 'id' = 'accountId';
  /** The column holding the site id, or null when the row belongs to the account as a whole. */
  static siteColumn: 'id' | 'siteId' | null = null;
  /** Rows that also carry `sectorId`, which must belong to the row's site. */
  static hasSector = false;

  declare QueryBuilderType: TenantQueryBuilder<this>;
  static override QueryBuilder = TenantQueryBuilder as unknown as typeof QueryBuilder;

  /**
   * Several rows in one INSERT (objection inserts one row per statement on MySQL), each stamped and
   * checked in its own scope as `insert` does it. Ids are not read back.
   */
  static async insertRows(this: typeof TenantModel, knex: Knex, rows: { scope: TenantScope; values: object }[]): Promise<void> {
    if (rows.length === 0) return;
    const models = await this.stampedForInsert(knex, rows);
    await knex(this.tableName).insert(models.map((model) => model.$toDatabaseJson()));
  }

  /** insertRows, returning the rows as inserted with their ids (as objection's `insert` does), in order. */
  static async insertRowsWithIds<M extends TenantModel>(
    this: { new (): M } & typeof TenantModel,
    knex: Knex,
    rows: { scope: TenantScope; values: object }[],
  ): Promise<M[]> {
    if (rows.length === 0) return [];
    const models = (await this.stampedForInsert(knex, rows)) as M[];
    const ids = await insertReturningIds(
      knex,
      this.tableName,
      models.map((model) => model.$toDatabaseJson()),
    );
    models.forEach((model, index) => (model.id = ids[index]!));
    return models;
  }

  private static async stampedForInsert(
    this: typeof TenantModel,
    knex: Knex,
    rows: { scope: TenantScope; values: object }[],
  ): Promise<TenantModel[]> {
    const models: TenantModel[] = [];
    for (const { scope, values } of rows) {
      const model = this.fromJson(values, { skipValidation: true });
      await model.$beforeInsert({ tenantScope: scope, transaction: knex } as unknown as QueryContext);
      models.push(model);
    }
    return models;
  }

  override async $beforeInsert(queryContext: QueryContext): Promise<void> {
    await super.$beforeInsert(queryContext);
    const context = queryContext as QueryContext & TenancyContext;
    const scope = context.tenantScope;
    if (!scope) {
      const ownsAccount = (this.constructor as typeof TenantModel).accountColumn === 'id' || this.accountId;
      if (context.tenantUnscopedReason && ownsAccount) return;
      throw new TenancyError(`Insert into ${(this.constructor as typeof TenantModel).tableName} has no tenant scope.`);
    }
    await this.stampTenant(scope, queryContext.transaction as Knex);
  }

  override async $beforeUpdate(options: ModelOptions, queryContext: QueryContext): Promise<void> {
    await super.$beforeUpdate(options, queryContext);
    const modelClass = this.constructor as typeof TenantModel;
    if (this.accountId !== undefined) throw new TenancyError(`${modelClass.tableName}: a row never moves to another account.`);
    const scope = (queryContext as QueryContext & TenancyContext).tenantScope;
    const movesSite = modelClass.siteColumn === 'siteId' && this.siteIdValue() !== undefined;
    const movesSector = modelClass.hasSector && this.sectorIdValue() !== undefined;
    if ((movesSite || movesSector) && scope) {
      if (modelClass.hasSector && (this.siteIdValue() === undefined || this.sectorIdValue() === undefined)) {
        throw new TenancyError(`${modelClass.tableName}: move site and sector together.`);
      }
      const site = await this.loadSite(scope, queryContext.transaction as Knex);
      if (modelClass.hasSector) await this.checkSector(site.id, queryContext.transaction as Knex);
    }
  }

  private async stampTenant(scope: TenantScope, knex: Knex): Promise<void> {
    const modelClass = this.constructor as typeof TenantModel;
    if (modelClass.accountColumn === 'id') throw new TenancyError(`${modelClass.tableName}: accounts are created unscoped, by the account commands.`);
    if (scope.accountId !== 'all') {
      if (this.accountId !== undefined && this.accountId !== scope.accountId) throw new NotFoundError('Account');
      this.accountId = scope.accountId;
    } else {
      this.accountId ??= scope.homeAccountId;
    }
    if (modelClass.siteColumn !== 'siteId') return;
    const site = await this.loadSite(scope, knex);
    if (site.accountId !== this.accountId) throw new NotFoundError('Site');
    if (modelClass.hasSector) await this.checkSector(site.id, knex);
  }

  /** The site must exist, be reachable in the scope, and belong to the row's account. */
  private async loadSite(scope: TenantScope, knex: Knex): Promise<{ id: number; accountId: number }> {
    const siteId = this.siteIdValue();
    if (siteId === undefined || siteId === null) throw new ValidationError('A site is required.', { site_id: ['Required.'] });
    const site = (await lookedUp(knex, siteLookupKey(siteId), () => knex('sites').where({ id: siteId }).first('id', 'accountId'))) as
      { id: number; accountId: number } | undefined;
    const accountMatches = site && (scope.accountId === 'all' || site.accountId === scope.accountId);
    if (!site || !accountMatches || !canReachSite(scope, site.id)) throw new NotFoundError('Site');
    return site;
  }

  private async checkSector(siteId: number, knex: Knex): Promise<void> {
    const sectorId = this.sectorIdValue();
    if (sectorId === undefined || sectorId === null) throw new ValidationError('A sector is required.', { sector_id: ['Required.'] });
    const sector = (await lookedUp(knex, sectorLookupKey(sectorId), () => knex('sectors').where({ id: sectorId }).first('siteId'))) as
      { siteId: number } | undefined;
    if (!sector) throw new NotFoundError('Sector');
    if (sector.siteId !== siteId) {
      throw new ValidationError('The sector does not belong to this site.', { sector_id: ['Belongs to another site.'] }, 'SECTOR_SITE_MISMATCH');
    }
  }

  private siteIdValue(): number | undefined {
    return (this as unknown as { siteId?: number }).siteId;
  }

  private sectorIdValue(): number | undefined {
    return (this as unknown as { sectorId?: number }).sectorId;
  }
}

/** Planner and writer rows: under a site and one of its sectors. */
export abstract class SectorScopedModel extends TenantModel {
  static override siteColumn = 'siteId' as const;
  static override hasSector = true;

  siteId!: number;
  sectorId!: number;
}
