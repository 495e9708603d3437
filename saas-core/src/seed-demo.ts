import type { Knex } from 'knex';
import { createAccountWithOwner } from './accounts/commands/create-account';
import { Account } from './accounts/models';
import { Industry, IndustrySector } from './industries/models';
import { slugify } from './platform/http/schemas';
import type { Actor } from './platform/tenancy/actor';
import { accountScope } from './platform/tenancy/scope';
import { createSector, createSite, grantSiteAccess } from './sites/commands/manage-sites';
import { createUser } from './users/commands/manage-users';

const INDUSTRIES: Record<string, string[]> = {
  'Home & Garden': ['Gardening', 'Home Improvement', 'Interior Design'],
  Technology: ['Software', 'Consumer Electronics', 'Cybersecurity'],
  Health: ['Fitness', 'Nutrition', 'Mental Health'],
  Finance: ['Personal Finance', 'Investing', 'Insurance'],
  Travel: ['Destinations', 'Travel Gear', 'Budget Travel'],
};

export const DEMO_PASSWORD = 'demo-password-123';

/** Idempotent: running it twice changes nothing the second time. */
export async function seedDemo(knex: Knex): Promise<string> {
  for (const [name, sectors] of Object.entries(INDUSTRIES)) {
    let industry = await Industry.query(knex).findOne({ slug: slugify(name) });
    industry ??= await Industry.query(knex).insertAndFetch({ name, slug: slugify(name), description: null, isActive: true });
    for (const sector of sectors) {
      if (!(await IndustrySector.query(knex).findOne({ industryId: industry.id, slug: slugify(sector) }))) {
        await IndustrySector.query(knex).insert({ industryId: industry.id, name: sector, slug: slugify(sector), description: null, isActive: true });
      }
    }
  }

  const lines = ['Seeded the industry library.'];
  if (!(await Account.query(knex).unscoped('seeding looks for its own accounts').findOne({ slug: 'igny8-system' }))) {
    await createAccountWithOwner(knex, {
      accountName: 'IGNY8 System',
      email: 'developer@igny8.local',
      password: DEMO_PASSWORD,
      isSystem: true,
      ownerRole: 'developer',
      planSlug: 'scale',
    });
    lines.push('System account: developer@igny8.local (developer).');
  }
  if (!(await Account.query(knex).unscoped('seeding looks for its own accounts').findOne({ slug: 'demo-agency' }))) {
    const { account, owner } = await createAccountWithOwner(knex, {
      accountName: 'Demo Agency',
      email: 'owner@demo.igny8.local',
      password: DEMO_PASSWORD,
      planSlug: 'growth',
    });
    const actor: Actor = { kind: 'user', accountId: account.id, role: 'owner', userId: owner.id };
    const scope = accountScope(account.id);
    const home = await Industry.query(knex).findOne({ slug: slugify('Home & Garden') });
    const site = await createSite(knex, actor, scope, { name: 'Green Thumb Blog', domain: 'greenthumb.example', industryId: home?.id ?? null });
    for (const name of ['Gardening', 'Home Improvement']) await createSector(knex, scope, site.id, { name });
    await createSite(knex, actor, scope, { name: 'Gadget Review Hub', domain: 'gadgets.example' });
    const editor = await createUser(knex, actor, scope, { email: 'editor@demo.igny8.local', password: DEMO_PASSWORD, role: 'editor' });
    await createUser(knex, actor, scope, { email: 'viewer@demo.igny8.local', password: DEMO_PASSWORD, role: 'viewer' });
    await grantSiteAccess(knex, actor, scope, site.id, editor.id);
    lines.push(`Demo account "Demo Agency": owner@, editor@, viewer@demo.igny8.local with password "${DEMO_PASSWORD}".`);
  }
  return lines.join('\n');
}
