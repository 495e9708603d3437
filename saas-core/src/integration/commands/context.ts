import type { Knex } from 'knex';
import { aiPolicies } from '../../ai/policies';
import { Account } from '../../accounts/models';
import { type CreditBalance, creditBalance } from '../../credits/ledger';
import { creditPolicies } from '../../credits/policies';
import { Industry, IndustrySector } from '../../industries/models';
import { plannerPolicies } from '../../planner/policies';
import { NotFoundError } from '../../platform/errors';
import type { Actor, TenantScope } from '../../platform/tenancy/actor';
import { resolveSite } from '../../sites/commands/manage-sites';
import { Sector, type Site } from '../../sites/models';
import { writerPolicies } from '../../writer/policies';
import { SiteIntegration } from '../models';
import { integrationPolicies } from '../policies';

export interface SiteContext {
  site: Site;
  industry: Industry | null;
  accountName: string;
  actor: Actor;
  /** The actor may change planner and writer data and start AI runs on them. */
  canWrite: boolean;
  /** The actor may choose the site's author profile (and, separately, edit the account's profiles). */
  canChooseAuthorProfile: boolean;
  canEditAuthorProfiles: boolean;
  sectors: Sector[];
  industrySectors: Map<number, IndustrySector>;
  /** Null for roles that may not start AI work: they are not shown the account's credits. */
  credits: CreditBalance | null;
  integration: SiteIntegration | null;
}

/**
 * Everything the plugin's screens start from, read in one go: the site (the key's own, or the one a
 * person names), the acting role and what it may do, the site's active sectors, the account's credits
 * and the WordPress connection. Every read is scoped to the caller; nothing is written.
 */
export async function loadSiteContext(knex: Knex, actor: Actor, scope: TenantScope, siteId: number | undefined): Promise<SiteContext> {
  const site = await resolveSite(knex, actor, scope, siteId);
  const canWrite = plannerPolicies.write.allows(actor) && writerPolicies.write.allows(actor);
  const [account, sectors, integration, industry, credits] = await Promise.all([
    Account.query(knex).forTenant(scope).findById(site.accountId),
    Sector.query(knex).forTenant(scope).where({ siteId: site.id, isActive: true }).orderBy('name').orderBy('id'),
    SiteIntegration.query(knex).forTenant(scope).findOne({ siteId: site.id }),
    site.industryId ? Industry.query(knex).findById(site.industryId) : Promise.resolve(undefined),
    // The same roles that see what a run will cost before starting one.
    creditPolicies.estimate.allows(actor) ? creditBalance(knex, scope, site.accountId) : Promise.resolve(null),
  ]);
  if (!account) throw new NotFoundError('Site');
  const industrySectorIds = sectors.map((sector) => sector.industrySectorId).filter((id): id is number => id !== null);
  const industrySectors = industrySectorIds.length > 0 ? await IndustrySector.query(knex).whereIn('id', industrySectorIds) : [];
  return {
    site,
    industry: industry ?? null,
    accountName: account.name,
    actor,
    canWrite,
    canChooseAuthorProfile: integrationPolicies.authorProfile.allows(actor),
    canEditAuthorProfiles: aiPolicies.configure.allows(actor),
    sectors,
    industrySectors: new Map(industrySectors.map((row) => [row.id, row])),
    credits,
    integration: integration ?? null,
  };
}
