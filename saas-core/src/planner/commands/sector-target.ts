import type { Knex } from 'knex';
import { NotFoundError, ValidationError } from '../../platform/errors';
import type { TenantScope } from '../../platform/tenancy/actor';
import { Sector } from '../../sites/models';

export interface SectorTarget {
  accountId: number;
  siteId: number;
  sectorId: number;
}

/**
 * Resolves where bulk rows go: the sector must be reachable in the scope and belong to the site.
 * Bulk paths check this once and then write rows in batches, instead of per row.
 */
export async function requireSectorTarget(knex: Knex, scope: TenantScope, siteId: number, sectorId: number): Promise<SectorTarget> {
  const sector = await Sector.query(knex).forTenant(scope).findById(sectorId);
  if (!sector) throw new NotFoundError('Sector');
  if (sector.siteId !== siteId) {
    throw new ValidationError('The sector does not belong to this site.', { sector_id: ['Belongs to another site.'] }, 'SECTOR_SITE_MISMATCH');
  }
  return { accountId: sector.accountId, siteId, sectorId };
}
