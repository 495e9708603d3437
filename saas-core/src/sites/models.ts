import { TenantModel } from '../platform/tenancy/tenant-model';

export const MAX_ACTIVE_SECTORS_PER_SITE = 5;

export class Site extends TenantModel {
  static override tableName = 'sites';
  static override siteColumn = 'id' as const;
  static override booleanColumns = ['isActive'];

  name!: string;
  slug!: string;
  domain!: string | null;
  description!: string | null;
  industryId!: number | null;
  isActive!: boolean;
  status!: 'active' | 'inactive' | 'suspended';
  /** The voice this site's articles are written in when a run names none; null: the account's default. */
  authorProfileId!: number | null;
}

export class Sector extends TenantModel {
  static override tableName = 'sectors';
  static override siteColumn = 'siteId' as const;
  static override booleanColumns = ['isActive'];

  siteId!: number;
  industrySectorId!: number | null;
  name!: string;
  slug!: string;
  description!: string | null;
  isActive!: boolean;
}

/** Grants an editor or viewer one site. Owners and admins reach every site without one. */
export class SiteUserAccess extends TenantModel {
  static override tableName = 'site_user_access';
  static override siteColumn = 'siteId' as const;

  siteId!: number;
  userId!: number;
  grantedById!: number | null;
}

export class ApiKey extends TenantModel {
  static override tableName = 'api_keys';
  static override siteColumn = 'siteId' as const;
  static override dateColumns = ['createdAt', 'updatedAt', 'lastUsedAt', 'revokedAt'];

  siteId!: number;
  name!: string;
  prefix!: string;
  keyHash!: string;
  createdById!: number | null;
  lastUsedAt!: Date | null;
  revokedAt!: Date | null;
}
