import { z } from 'zod';
import { iso } from '../platform/http/schemas';
import type { ApiKey, Sector, Site, SiteUserAccess } from './models';

export const SiteOut = z.object({
  id: z.number().int(),
  account_id: z.number().int(),
  name: z.string(),
  slug: z.string(),
  domain: z.string().nullable(),
  description: z.string().nullable(),
  industry_id: z.number().int().nullable(),
  is_active: z.boolean(),
  status: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
});

export const SectorOut = z.object({
  id: z.number().int(),
  account_id: z.number().int(),
  site_id: z.number().int(),
  industry_sector_id: z.number().int().nullable(),
  name: z.string(),
  slug: z.string(),
  description: z.string().nullable(),
  is_active: z.boolean(),
  created_at: z.string(),
});

export const SiteAccessOut = z.object({
  id: z.number().int(),
  site_id: z.number().int(),
  user_id: z.number().int(),
  granted_by_id: z.number().int().nullable(),
  created_at: z.string(),
});

export const ApiKeyOut = z.object({
  id: z.number().int(),
  site_id: z.number().int(),
  name: z.string(),
  prefix: z.string().describe('The visible start of the key, to tell keys apart'),
  last_used_at: z.string().nullable(),
  revoked_at: z.string().nullable(),
  created_at: z.string(),
});

export const CreatedApiKeyOut = ApiKeyOut.extend({
  key: z.string().describe('The whole key. It is shown this once and cannot be read again.'),
});

export function presentSite(site: Site): z.input<typeof SiteOut> {
  return {
    id: site.id,
    account_id: site.accountId,
    name: site.name,
    slug: site.slug,
    domain: site.domain,
    description: site.description,
    industry_id: site.industryId,
    is_active: site.isActive,
    status: site.status,
    created_at: site.createdAt.toISOString(),
    updated_at: site.updatedAt.toISOString(),
  };
}

export function presentSector(sector: Sector): z.input<typeof SectorOut> {
  return {
    id: sector.id,
    account_id: sector.accountId,
    site_id: sector.siteId,
    industry_sector_id: sector.industrySectorId,
    name: sector.name,
    slug: sector.slug,
    description: sector.description,
    is_active: sector.isActive,
    created_at: sector.createdAt.toISOString(),
  };
}

export function presentSiteAccess(access: SiteUserAccess): z.input<typeof SiteAccessOut> {
  return {
    id: access.id,
    site_id: access.siteId,
    user_id: access.userId,
    granted_by_id: access.grantedById,
    created_at: access.createdAt.toISOString(),
  };
}

export function presentApiKey(key: ApiKey): z.input<typeof ApiKeyOut> {
  return {
    id: key.id,
    site_id: key.siteId,
    name: key.name,
    prefix: `igny8_${key.prefix}_…`,
    last_used_at: iso(key.lastUsedAt),
    revoked_at: iso(key.revokedAt),
    created_at: key.createdAt.toISOString(),
  };
}
