import type { Knex } from 'knex';
import { forget } from '../../platform/cache';
import { sectorLookupKey, siteLookupKey } from '../../platform/tenancy/tenant-model';
import { lockAccountPlan } from '../../accounts/commands/plan-limits';
import { ConflictError, NotFoundError, PlanLimitError, ValidationError } from '../../platform/errors';
import { slugify, slugWithSuffix } from '../../platform/http/schemas';
import type { Actor, TenantScope } from '../../platform/tenancy/actor';
import { targetAccount } from '../../platform/tenancy/scope';
import { User } from '../../users/models';
import { generateApiKey } from '../api-key-format';
import { ApiKey, MAX_ACTIVE_SECTORS_PER_SITE, Sector, Site, SiteUserAccess } from '../models';

/** A site the scope reaches, or 404: another account's site and a missing one look the same. */
export async function requireSite(knex: Knex, scope: TenantScope, siteId: number): Promise<Site> {
  const site = await Site.query(knex).forTenant(scope).findById(siteId);
  if (!site) throw new NotFoundError('Site');
  return site;
}

/**
 * The site a request is about: the one it names, else a site API key's own. A person must name one
 * (400); a site out of reach, another account's or a key's other site, is 404 like a missing one.
 */
export async function resolveSite(knex: Knex, actor: Actor, scope: TenantScope, requested: number | undefined): Promise<Site> {
  const siteId = requested ?? (actor.kind === 'api_key' ? actor.siteId : undefined);
  if (siteId === undefined) throw new ValidationError('Name the site with site_id.', { site_id: ['Required with a user token.'] });
  return requireSite(knex, scope, siteId);
}

async function assertIndustry(trx: Knex, industryId: number | null | undefined): Promise<void> {
  if (industryId && !(await trx('industries').where({ id: industryId }).first('id'))) {
    throw new ValidationError('No such industry.', { industry_id: ['Unknown industry.'] });
  }
}

export interface SiteProps {
  name: string;
  domain?: string | null | undefined;
  description?: string | null | undefined;
  industryId?: number | null | undefined;
  isActive?: boolean | undefined;
  status?: Site['status'] | undefined;
}

export async function createSite(knex: Knex, actor: Actor, scope: TenantScope, props: SiteProps & { accountId?: number | undefined }): Promise<Site> {
  const accountId = targetAccount(actor, scope, props.accountId);
  return knex.transaction(async (trx) => {
    const plan = await lockAccountPlan(trx, scope, accountId);
    const count = (await Site.query(trx).forTenant(scope).where({ accountId }).resultSize()) as number;
    if (count >= plan.maxSites) throw new PlanLimitError('sites', plan.maxSites);
    await assertIndustry(trx, props.industryId);
    const base = slugify(props.name);
    const taken = await Site.query(trx).forTenant(scope).where({ accountId, slug: base }).first();
    return Site.query(trx)
      .forTenant(scope)
      .insertAndFetch({
        accountId,
        name: props.name,
        slug: taken ? slugWithSuffix(base) : base,
        domain: props.domain ?? null,
        description: props.description ?? null,
        industryId: props.industryId ?? null,
        isActive: props.isActive ?? true,
        status: props.status ?? 'active',
      });
  });
}

export async function updateSite(knex: Knex, scope: TenantScope, siteId: number, props: Partial<SiteProps>): Promise<Site> {
  return knex.transaction(async (trx) => {
    const site = await Site.query(trx).forTenant(scope).findById(siteId);
    if (!site) throw new NotFoundError('Site');
    await assertIndustry(trx, props.industryId);
    const patch = Object.fromEntries(Object.entries(props).filter(([, value]) => value !== undefined));
    if (Object.keys(patch).length > 0) await Site.query(trx).forTenant(scope).patch(patch).where({ id: site.id });
    return (await Site.query(trx).forTenant(scope).findById(site.id)) as Site;
  });
}

export async function deleteSite(knex: Knex, scope: TenantScope, siteId: number): Promise<void> {
  const deleted = await Site.query(knex).forTenant(scope).delete().where({ id: siteId });
  if (deleted === 0) throw new NotFoundError('Site');
  forget(knex, siteLookupKey(siteId));
}

export interface SectorProps {
  name: string;
  description?: string | null | undefined;
  industrySectorId?: number | null | undefined;
  isActive?: boolean | undefined;
}

async function assertSectorRoom(trx: Knex, scope: TenantScope, site: Site, exceptSectorId?: number): Promise<void> {
  const plan = await lockAccountPlan(trx, scope, site.accountId);
  const limit = Math.min(plan.maxSectorsPerSite, MAX_ACTIVE_SECTORS_PER_SITE);
  const active = Sector.query(trx).forTenant(scope).where({ siteId: site.id, isActive: true });
  if (exceptSectorId) active.whereNot({ id: exceptSectorId });
  const count = (await active.resultSize()) as number;
  if (count >= limit) {
    if (limit < MAX_ACTIVE_SECTORS_PER_SITE) throw new PlanLimitError('active sectors per site', limit);
    throw new ConflictError(`A site can have at most ${MAX_ACTIVE_SECTORS_PER_SITE} active sectors.`, 'SECTOR_LIMIT_REACHED');
  }
}

async function assertIndustrySector(trx: Knex, industrySectorId: number | null | undefined): Promise<void> {
  if (industrySectorId && !(await trx('industry_sectors').where({ id: industrySectorId }).first('id'))) {
    throw new ValidationError('No such industry sector.', { industry_sector_id: ['Unknown industry sector.'] });
  }
}

export async function createSector(knex: Knex, scope: TenantScope, siteId: number, props: SectorProps): Promise<Sector> {
  return knex.transaction(async (trx) => {
    const site = await requireSite(trx, scope, siteId);
    if (props.isActive !== false) await assertSectorRoom(trx, scope, site);
    await assertIndustrySector(trx, props.industrySectorId);
    const slug = slugify(props.name);
    if (await Sector.query(trx).forTenant(scope).findOne({ siteId, slug })) {
      throw new ConflictError('This site already has a sector with that name.', 'ALREADY_EXISTS', { name: ['Already used on this site.'] });
    }
    return Sector.query(trx)
      .forTenant(scope)
      .insertAndFetch({
        siteId,
        name: props.name,
        slug,
        description: props.description ?? null,
        industrySectorId: props.industrySectorId ?? null,
        isActive: props.isActive ?? true,
      });
  });
}

export async function updateSector(knex: Knex, scope: TenantScope, sectorId: number, props: Partial<SectorProps>): Promise<Sector> {
  return knex.transaction(async (trx) => {
    const sector = await Sector.query(trx).forTenant(scope).findById(sectorId);
    if (!sector) throw new NotFoundError('Sector');
    if (props.isActive === true && !sector.isActive) {
      const site = (await Site.query(trx).forTenant(scope).findById(sector.siteId)) as Site;
      await assertSectorRoom(trx, scope, site, sector.id);
    }
    await assertIndustrySector(trx, props.industrySectorId);
    const patch: Partial<Sector> = {};
    if (props.name !== undefined) Object.assign(patch, { name: props.name, slug: slugify(props.name) });
    if (props.description !== undefined) patch.description = props.description;
    if (props.industrySectorId !== undefined) patch.industrySectorId = props.industrySectorId;
    if (props.isActive !== undefined) patch.isActive = props.isActive;
    if (Object.keys(patch).length > 0) await Sector.query(trx).forTenant(scope).patch(patch).where({ id: sector.id });
    return (await Sector.query(trx).forTenant(scope).findById(sector.id)) as Sector;
  });
}

export async function deleteSector(knex: Knex, scope: TenantScope, sectorId: number): Promise<void> {
  const deleted = await Sector.query(knex).forTenant(scope).delete().where({ id: sectorId });
  if (deleted === 0) throw new NotFoundError('Sector');
  forget(knex, sectorLookupKey(sectorId));
}

export async function grantSiteAccess(knex: Knex, actor: Actor, scope: TenantScope, siteId: number, userId: number): Promise<SiteUserAccess> {
  return knex.transaction(async (trx) => {
    const site = await requireSite(trx, scope, siteId);
    const user = await User.query(trx).forTenant(scope).findById(userId);
    if (!user || user.accountId !== site.accountId) throw new NotFoundError('User');
    if (user.role !== 'editor' && user.role !== 'viewer') {
      throw new ValidationError(
        `A ${user.role} already reaches every site of the account.`,
        { user_id: ['Only editors and viewers need grants.'] },
        'GRANT_NOT_NEEDED',
      );
    }
    if (await SiteUserAccess.query(trx).forTenant(scope).findOne({ siteId, userId })) {
      throw new ConflictError('This user already has access to this site.', 'ALREADY_EXISTS');
    }
    return SiteUserAccess.query(trx).forTenant(scope).insertAndFetch({ accountId: site.accountId, siteId, userId, grantedById: actor.userId });
  });
}

export async function revokeSiteAccess(knex: Knex, scope: TenantScope, accessId: number): Promise<void> {
  const deleted = await SiteUserAccess.query(knex).forTenant(scope).delete().where({ id: accessId });
  if (deleted === 0) throw new NotFoundError('Site access');
}

export async function createApiKey(
  knex: Knex,
  actor: Actor,
  scope: TenantScope,
  siteId: number,
  name: string,
): Promise<{ apiKey: ApiKey; key: string }> {
  const site = await requireSite(knex, scope, siteId);
  const generated = generateApiKey();
  const apiKey = await ApiKey.query(knex).forTenant(scope).insertAndFetch({
    accountId: site.accountId,
    siteId,
    name,
    prefix: generated.prefix,
    keyHash: generated.hash,
    createdById: actor.userId,
    lastUsedAt: null,
    revokedAt: null,
  });
  return { apiKey, key: generated.key };
}

export async function revokeApiKey(knex: Knex, scope: TenantScope, siteId: number, keyId: number): Promise<void> {
  const key = await ApiKey.query(knex).forTenant(scope).findOne({ id: keyId, siteId });
  if (!key) throw new NotFoundError('API key');
  if (!key.revokedAt) await ApiKey.query(knex).forTenant(scope).patch({ revokedAt: new Date() }).where({ id: key.id });
}
