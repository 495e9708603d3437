import { z } from 'zod';
import { iso } from '../platform/http/schemas';
import { ROLES } from '../platform/tenancy/actor';
import type { SiteContext } from './commands/context';
import { INTEGRATION_STATUSES, PUBLISH_STATUSES, type PublishingRecord, type SiteIntegration, type SyncEvent } from './models';

const id = z.number().int();
const when = z.string().nullable();

export const IntegrationOut = z.object({
  id,
  site_id: id,
  platform: z.literal('wordpress'),
  status: z.enum(INTEGRATION_STATUSES),
  site_url: z.string(),
  rest_url: z.string(),
  wp_site_name: z.string().nullable(),
  wp_version: z.string().nullable(),
  plugin_version: z.string().nullable(),
  connected_at: when,
  last_sync_at: when.describe('When the site structure was last read from WordPress'),
  last_checked_at: when,
  last_error: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});

export function presentIntegration(integration: SiteIntegration): z.input<typeof IntegrationOut> {
  return {
    id: integration.id,
    site_id: integration.siteId,
    platform: 'wordpress',
    status: integration.status,
    site_url: integration.siteUrl,
    rest_url: integration.restUrl,
    wp_site_name: integration.wpSiteName,
    wp_version: integration.wpVersion,
    plugin_version: integration.pluginVersion,
    connected_at: iso(integration.connectedAt),
    last_sync_at: iso(integration.lastSyncAt),
    last_checked_at: iso(integration.lastCheckedAt),
    last_error: integration.lastError,
    created_at: iso(integration.createdAt)!,
    updated_at: iso(integration.updatedAt)!,
  };
}

const PostTypeOut = z.object({ name: z.string(), label: z.string(), hierarchical: z.boolean(), counts: z.record(z.string(), z.number()) });
const TaxonomyOut = z.object({
  name: z.string(),
  label: z.string(),
  hierarchical: z.boolean(),
  object_types: z.array(z.string()),
  term_count: z.number(),
});

export const ContentTypesOut = z.object({
  synced_at: when.describe('When WordPress was last asked; null until the first sync'),
  post_types: z.array(PostTypeOut),
  taxonomies: z.array(TaxonomyOut),
});

export function presentContentTypes(integration: SiteIntegration): z.input<typeof ContentTypesOut> {
  return {
    synced_at: iso(integration.lastSyncAt),
    post_types: integration.structure?.post_types ?? [],
    taxonomies: integration.structure?.taxonomies ?? [],
  };
}

export const ConnectionCheckOut = z.object({
  ok: z.boolean(),
  latency_ms: z.number().int(),
  error_code: z.string().nullable(),
  message: z.string(),
});

export const SyncEventOut = z.object({
  id,
  integration_id: id,
  direction: z.enum(['outbound', 'inbound']),
  kind: z.string(),
  outcome: z.enum(['ok', 'failed', 'ignored']),
  event_id: z.string().nullable(),
  content_id: id.nullable(),
  wp_post_id: id.nullable(),
  message: z.string(),
  details: z.record(z.string(), z.unknown()).nullable(),
  created_at: z.string(),
});

export function presentSyncEvent(event: SyncEvent): z.input<typeof SyncEventOut> {
  return {
    id: event.id,
    integration_id: event.integrationId,
    direction: event.direction,
    kind: event.kind,
    outcome: event.outcome,
    event_id: event.eventId,
    content_id: event.contentId,
    wp_post_id: event.wpPostId === null ? null : Number(event.wpPostId),
    message: event.message,
    details: event.details,
    created_at: iso(event.createdAt)!,
  };
}

export const PublishingOut = z.object({
  id,
  content_id: id,
  status: z.enum(PUBLISH_STATUSES),
  requested_wp_status: z.string(),
  scheduled_for: when,
  attempts: z.number().int(),
  wp_post_id: id.nullable(),
  wp_post_url: z.string().nullable(),
  error_code: z.string().nullable(),
  error_message: z.string().nullable(),
  published_at: when,
  updated_at: z.string(),
});

export function presentPublishing(record: PublishingRecord): z.input<typeof PublishingOut> {
  return {
    id: record.id,
    content_id: record.contentId,
    status: record.status,
    requested_wp_status: record.requestedWpStatus,
    scheduled_for: iso(record.scheduledFor),
    attempts: record.attempts,
    wp_post_id: record.wpPostId === null ? null : Number(record.wpPostId),
    wp_post_url: record.wpPostUrl,
    error_code: record.errorCode,
    error_message: record.errorMessage,
    published_at: iso(record.publishedAt),
    updated_at: iso(record.updatedAt)!,
  };
}

const named = z.object({ id, name: z.string() });

export const SiteContextOut = z.object({
  site: z.object({
    id,
    name: z.string(),
    slug: z.string(),
    domain: z.string().nullable(),
    url: z.string().nullable().describe('The WordPress home URL, as the plugin reported it when it connected'),
    industry: named.nullable(),
    author_profile_id: z.number().int().nullable().describe("The site's own author profile; null: the account's default"),
  }),
  account_name: z.string(),
  role: z
    .enum(ROLES)
    .describe(
      "The role the request acts with: a WordPress user's role is mapped (administrator → admin, editor and author → editor, contributor → viewer)",
    ),
  can_write: z.boolean().describe('May change planner and writer data and start AI runs'),
  can_choose_author_profile: z.boolean().describe("May choose the site's author profile (PUT /integration/author-profile)"),
  can_edit_author_profiles: z
    .boolean()
    .describe("May create and change the account's author profiles: owners and admins signed in, never a site's key"),
  wp_user: z.object({ id, email: z.string().nullable(), role: z.string() }).nullable().describe('The WordPress user the plugin acts for'),
  sectors: z
    .array(
      z.object({
        id,
        name: z.string(),
        slug: z.string(),
        description: z.string().nullable(),
        industry_sector: named.nullable(),
      }),
    )
    .describe("The site's active sectors"),
  text_engine: z
    .enum(['openai', 'local'])
    .describe(
      "Who runs text work started with engine auto: the account's (or the platform's) OpenAI key, else the free local engine, which writes labelled drafts and costs no credits",
    ),
  credits: z
    .object({
      balance: z.number().int().describe('plan_credits + bonus_credits'),
      plan_credits: z.number().int(),
      bonus_credits: z.number().int(),
      held_credits: z.number().int().describe('Set aside for runs in progress'),
      available: z.number().int().describe('What new runs may use: balance − held'),
    })
    .nullable()
    .describe('Null for roles that may not start AI work'),
  integration: z
    .object({
      id,
      status: z.enum(INTEGRATION_STATUSES),
      last_sync_at: when,
      last_checked_at: when,
      connected_at: when,
    })
    .nullable()
    .describe('Null until the site connects its WordPress'),
});

export const SiteAuthorProfileOut = z.object({
  site_id: z.number().int(),
  author_profile_id: z.number().int().nullable().describe("Null: the account's default profile"),
});

export function presentSiteContext(context: SiteContext, textEngine: 'openai' | 'local'): z.input<typeof SiteContextOut> {
  const { site, integration, credits, actor } = context;
  return {
    site: {
      id: site.id,
      name: site.name,
      slug: site.slug,
      domain: site.domain,
      url: integration?.siteUrl ?? null,
      industry: context.industry ? { id: context.industry.id, name: context.industry.name } : null,
      author_profile_id: site.authorProfileId,
    },
    account_name: context.accountName,
    role: actor.role,
    can_write: context.canWrite,
    can_choose_author_profile: context.canChooseAuthorProfile,
    can_edit_author_profiles: context.canEditAuthorProfiles,
    wp_user: actor.wpUser ? { id: actor.wpUser.id, email: actor.wpUser.email ?? null, role: actor.wpUser.role } : null,
    sectors: context.sectors.map((sector) => {
      const industrySector = sector.industrySectorId === null ? undefined : context.industrySectors.get(sector.industrySectorId);
      return {
        id: sector.id,
        name: sector.name,
        slug: sector.slug,
        description: sector.description,
        industry_sector: industrySector ? { id: industrySector.id, name: industrySector.name } : null,
      };
    }),
    text_engine: textEngine,
    credits: credits && {
      balance: credits.planCredits + credits.bonusCredits,
      plan_credits: credits.planCredits,
      bonus_credits: credits.bonusCredits,
      held_credits: credits.heldCredits,
      available: credits.available,
    },
    integration: integration && {
      id: integration.id,
      status: integration.status,
      last_sync_at: iso(integration.lastSyncAt),
      last_checked_at: iso(integration.lastCheckedAt),
      connected_at: iso(integration.connectedAt),
    },
  };
}
