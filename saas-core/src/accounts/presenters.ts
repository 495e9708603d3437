import { z } from 'zod';
import { iso } from '../platform/http/schemas';
import type { Account, Plan, Subscription } from './models';

export const PlanOut = z.object({
  id: z.number().int(),
  slug: z.string(),
  name: z.string(),
  price_cents: z.number().int(),
  max_sites: z.number().int(),
  max_users: z.number().int(),
  max_sectors_per_site: z.number().int(),
  max_keywords: z.number().int(),
  included_credits: z.number().int(),
});

export const AccountOut = z.object({
  id: z.number().int(),
  name: z.string(),
  slug: z.string(),
  status: z.string(),
  is_system: z.boolean(),
  plan_id: z.number().int(),
  credits: z.object({ plan: z.number().int(), bonus: z.number().int(), total: z.number().int() }),
  created_at: z.string(),
});

export const SubscriptionOut = z.object({
  id: z.number().int(),
  plan_id: z.number().int(),
  status: z.string(),
  current_period_start: z.string(),
  current_period_end: z.string(),
});

export function presentPlan(plan: Plan): z.input<typeof PlanOut> {
  return {
    id: plan.id,
    slug: plan.slug,
    name: plan.name,
    price_cents: plan.priceCents,
    max_sites: plan.maxSites,
    max_users: plan.maxUsers,
    max_sectors_per_site: plan.maxSectorsPerSite,
    max_keywords: plan.maxKeywords,
    included_credits: plan.includedCredits,
  };
}

export function presentAccount(account: Account): z.input<typeof AccountOut> {
  return {
    id: account.id,
    name: account.name,
    slug: account.slug,
    status: account.status,
    is_system: account.isSystem,
    plan_id: account.planId,
    credits: {
      plan: account.balance?.plan ?? 0,
      bonus: account.balance?.bonus ?? 0,
      total: (account.balance?.plan ?? 0) + (account.balance?.bonus ?? 0),
    },
    created_at: account.createdAt.toISOString(),
  };
}

export function presentSubscription(subscription: Subscription): z.input<typeof SubscriptionOut> {
  return {
    id: subscription.id,
    plan_id: subscription.planId,
    status: subscription.status,
    current_period_start: iso(subscription.currentPeriodStart) as string,
    current_period_end: iso(subscription.currentPeriodEnd) as string,
  };
}
