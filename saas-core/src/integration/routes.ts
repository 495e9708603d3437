import { z } from 'zod';
import { NotFoundError } from '../platform/errors';
import { listPage, orderingQuery, paginationQuery } from '../platform/http/list';
import { defineRoute, type Route } from '../platform/http/route';
import { baseUrl } from '../platform/http/router';
import { idParam, idParams } from '../platform/http/schemas';
import { forgetSiteVoice, requireAuthorProfile } from '../ai/commands';
import { resolveEngine } from '../ai/providers';
import { resolveSite } from '../sites/commands/manage-sites';
import { Site } from '../sites/models';
import { requireContent } from '../writer/commands/content';
import { writerPolicies } from '../writer/policies';
import { loadSiteContext } from './commands/context';
import {
  checkWordPress,
  connectSite,
  disconnectIntegration,
  requireIntegration,
  requireSiteIntegration,
  requireSiteKey,
  signingSecretOf,
} from './commands/connection';
import { requestPublish, WP_PUBLISH_STATUSES } from './commands/publish';
import { receiveStatusWebhook } from './commands/webhooks';
import { PublishingRecord, SiteIntegration, SyncEvent } from './models';
import { integrationPolicies } from './policies';
import {
  ConnectionCheckOut,
  ContentTypesOut,
  IntegrationOut,
  presentContentTypes,
  presentIntegration,
  presentPublishing,
  presentSiteContext,
  presentSyncEvent,
  PublishingOut,
  SiteAuthorProfileOut,
  SiteContextOut,
  SyncEventOut,
} from './presenters';
import { recordSignature, SignatureError, SIGNATURE_HEADER, verifySignature } from './signature';

const tags = ['integration'];
const throttle = 'integration';
const url = z.url({ protocol: /^https?$/ }).max(500);
const version = z.string().trim().max(32).optional();

const ConnectBody = z.object({
  site_url: url.describe('home_url() of the WordPress site'),
  rest_url: url.describe("The plugin's REST base, rest_url('igny8/v1/')"),
  site_name: z.string().trim().max(255).optional(),
  wp_version: version,
  plugin_version: version,
});

const ConnectedOut = z.object({
  integration_id: z.number().int(),
  site_id: z.number().int(),
  site_name: z.string(),
  account_name: z.string(),
  signing_secret: z.string().describe('Shown only here: both sides sign their requests with it. A new connect issues a new one.'),
});

const ConnectionStatusOut = z.object({
  integration_id: z.number().int(),
  site_id: z.number().int(),
  site_name: z.string(),
  status: z.string(),
  last_sync_at: z.string().nullable(),
});

const StatusEventBody = z.object({
  event_id: z.string().trim().min(8).max(64),
  event: z.enum(['post.updated', 'post.status_changed', 'post.deleted']),
  post_id: z.number().int().positive(),
  content_id: z.number().int().positive().nullable(),
  task_id: z.number().int().positive().nullable(),
  status: z.string().trim().min(1).max(20),
  previous_status: z.string().trim().max(20).nullable().optional(),
  url: z.string().max(500).nullable().optional(),
  modified_gmt: z.string().max(40).nullable().optional(),
  occurred_at: z.iso.datetime({ offset: true }),
});

const PublishBody = z.object({
  status: z.enum(WP_PUBLISH_STATUSES).default('publish').describe('The WordPress status the post gets'),
  date: z.iso.datetime({ offset: true }).optional().describe('For status "future": when WordPress publishes it'),
  categories: z
    .array(z.string().trim().min(1).max(200))
    .max(20)
    .optional()
    .describe("Category names (created when missing); default: the content's cluster"),
  tags: z.array(z.string().trim().min(1).max(200)).max(40).optional().describe("Tag names (created when missing); default: the content's keywords"),
  author_email: z.email().max(191).nullable().optional().describe('The WordPress user with this email becomes the author; default: the one asking'),
});

const PublishQueuedOut = z.object({
  publish_id: z.number().int(),
  content_id: z.number().int(),
  status: z.literal('queued'),
  status_url: z.string(),
});

export const integrationRoutes: Route[] = [
  defineRoute({
    method: 'post',
    path: '/integration/connect',
    operationId: 'connectWordPress',
    summary: "Connect the key's site to its WordPress (the plugin's Connect button)",
    description: 'Records where the IGNY8 Bridge plugin answers and issues the signing secret both sides sign with. Site API keys only.',
    tags,
    throttle,
    auth: 'user_or_api_key',
    policy: integrationPolicies.siteKey,
    body: ConnectBody,
    response: { kind: 'data', status: 200, schema: ConnectedOut, message: 'Connected.' },
    async handler({ body, actor, scope, services }) {
      const connected = await connectSite(services, scope, actor, {
        siteUrl: body.site_url,
        restUrl: body.rest_url,
        siteName: body.site_name,
        wpVersion: body.wp_version,
        pluginVersion: body.plugin_version,
      });
      return {
        integration_id: connected.integration.id,
        site_id: connected.site.id,
        site_name: connected.site.name,
        account_name: connected.accountName,
        signing_secret: connected.signingSecret,
      };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/integration/status',
    operationId: 'wordPressConnectionStatus',
    summary: "The key's connection, as the plugin's Test connection shows it",
    tags,
    throttle,
    auth: 'user_or_api_key',
    policy: integrationPolicies.siteKey,
    response: { kind: 'data', status: 200, schema: ConnectionStatusOut },
    async handler({ actor, scope, services }) {
      const { siteId } = requireSiteKey(actor);
      const integration = await requireSiteIntegration(services.knex, scope, siteId);
      const site = await Site.query(services.knex).forTenant(scope).findById(siteId);
      return {
        integration_id: integration.id,
        site_id: siteId,
        site_name: site?.name ?? '',
        status: integration.status,
        last_sync_at: integration.lastSyncAt?.toISOString() ?? null,
      };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/integration/context',
    operationId: 'getIntegrationContext',
    summary: "What the plugin's screens start from, in one call: site, acting role, sectors, credits and connection",
    description:
      "The plugin's PHP prints it into the page. With the site's API key the site is the key's own and the role is the acting " +
      'WordPress user’s (X-IGNY8-WP-User), mapped: administrator → admin, editor and author → editor, contributor → viewer. ' +
      'A signed-in user names the site with site_id.',
    tags,
    throttle,
    auth: 'user_or_api_key',
    policy: integrationPolicies.context,
    query: z.object({ site_id: idParam.optional().describe('Required with a user token; a site API key reads its own site') }),
    refs: { 'query.site_id': 'site' },
    response: { kind: 'data', status: 200, schema: SiteContextOut },
    async handler({ query, actor, scope, services }) {
      const context = await loadSiteContext(services.knex, actor, scope, query.site_id);
      const textEngine = await resolveEngine(services, scope, context.site.accountId, 'text', 'auto');
      return presentSiteContext(context, textEngine === 'openai' ? 'openai' : 'local');
    },
  }),
  defineRoute({
    method: 'put',
    path: '/integration/author-profile',
    operationId: 'setSiteAuthorProfile',
    summary: "Choose the author profile the site's articles are written in",
    description:
      "Runs that name no author profile use the site's, else the account's default; null goes back to the account's default. " +
      "With the site's API key the site is the key's own and the acting WordPress user must be an administrator; a signed-in " +
      "owner or admin names the site with site_id. The profiles themselves are the account owners' and admins' (/system/author-profiles).",
    tags,
    throttle,
    auth: 'user_or_api_key',
    policy: integrationPolicies.authorProfile,
    body: z.object({
      site_id: idParam.optional().describe('Required with a user token; a site API key sets its own site'),
      author_profile_id: idParam.nullable(),
    }),
    refs: { 'body.site_id': 'site', 'body.author_profile_id': 'author_profile' },
    response: { kind: 'data', status: 200, schema: SiteAuthorProfileOut },
    async handler({ body, actor, scope, services }) {
      const site = await resolveSite(services.knex, actor, scope, body.site_id);
      if (body.author_profile_id !== null) await requireAuthorProfile(services.knex, scope, body.author_profile_id);
      await Site.query(services.knex).forTenant(scope).findById(site.id).patch({ authorProfileId: body.author_profile_id });
      forgetSiteVoice(services.knex, site.accountId, site.id);
      return { site_id: site.id, author_profile_id: body.author_profile_id };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/integration/disconnect',
    operationId: 'disconnectWordPress',
    summary: "End the key's connection (the plugin's Disconnect button)",
    tags,
    throttle,
    auth: 'user_or_api_key',
    policy: integrationPolicies.siteKey,
    response: { kind: 'empty', status: 200, message: 'Disconnected.' },
    async handler({ actor, scope, services }) {
      const { siteId } = requireSiteKey(actor);
      await disconnectIntegration(services, scope, await requireSiteIntegration(services.knex, scope, siteId), 'wordpress');
    },
  }),
  defineRoute({
    method: 'get',
    path: '/integration/integrations',
    operationId: 'listIntegrations',
    summary: 'WordPress connections of the sites you reach',
    tags,
    throttle,
    auth: 'user',
    policy: integrationPolicies.read,
    query: z.object({
      ...paginationQuery,
      site_id: idParam.optional(),
      status: z.enum(['connected', 'disconnected', 'error']).optional(),
      ordering: orderingQuery({ created_at: 'createdAt', last_sync_at: 'lastSyncAt' }, 'created_at'),
    }),
    response: { kind: 'page', status: 200, item: IntegrationOut },
    async handler({ query, scope, services }) {
      const builder = SiteIntegration.query(services.knex).forTenant(scope);
      if (query.site_id) builder.where('siteId', query.site_id);
      if (query.status) builder.where('status', query.status);
      const page = await listPage(builder, query);
      return { count: page.count, results: page.results.map(presentIntegration) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/integration/integrations/{id}',
    operationId: 'getIntegration',
    summary: 'One WordPress connection',
    tags,
    throttle,
    auth: 'user',
    policy: integrationPolicies.read,
    params: idParams,
    refs: { 'params.id': 'integration' },
    response: { kind: 'data', status: 200, schema: IntegrationOut },
    async handler({ params, scope, services }) {
      return presentIntegration(await requireIntegration(services.knex, scope, params.id));
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/integration/integrations/{id}',
    operationId: 'disconnectIntegration',
    summary: 'Disconnect a site from its WordPress from IGNY8',
    description: 'The signing secret is dropped at once: WordPress must connect again with a site API key.',
    tags,
    throttle,
    auth: 'user',
    policy: integrationPolicies.manage,
    params: idParams,
    refs: { 'params.id': 'integration' },
    response: { kind: 'empty', status: 200, message: 'Disconnected.' },
    async handler({ params, scope, services }) {
      await disconnectIntegration(services, scope, await requireIntegration(services.knex, scope, params.id), 'user');
    },
  }),
  defineRoute({
    method: 'post',
    path: '/integration/integrations/{id}/test-connection',
    operationId: 'testIntegrationConnection',
    summary: 'Check that WordPress answers and accepts our signature',
    tags,
    throttle,
    auth: 'user',
    policy: integrationPolicies.manage,
    params: idParams,
    refs: { 'params.id': 'integration' },
    response: { kind: 'data', status: 200, schema: ConnectionCheckOut },
    async handler({ params, scope, services }) {
      const { ok, latency_ms, error_code, message } = await checkWordPress(
        services,
        scope,
        await requireIntegration(services.knex, scope, params.id),
        false,
      );
      return { ok, latency_ms, error_code, message };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/integration/integrations/{id}/sync',
    operationId: 'syncIntegrationStructure',
    summary: "Read the site's post types, taxonomies and counts from WordPress",
    tags,
    throttle,
    auth: 'user',
    policy: integrationPolicies.manage,
    params: idParams,
    refs: { 'params.id': 'integration' },
    response: { kind: 'data', status: 200, schema: ConnectionCheckOut.extend({ content_types: ContentTypesOut }) },
    async handler({ params, scope, services }) {
      const integration = await requireIntegration(services.knex, scope, params.id);
      const { ok, latency_ms, error_code, message } = await checkWordPress(services, scope, integration, true);
      return { ok, latency_ms, error_code, message, content_types: presentContentTypes(await requireIntegration(services.knex, scope, params.id)) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/integration/integrations/{id}/content-types',
    operationId: 'listIntegrationContentTypes',
    summary: "The site's post types and taxonomies, as of the last sync",
    tags,
    throttle,
    auth: 'user',
    policy: integrationPolicies.read,
    params: idParams,
    refs: { 'params.id': 'integration' },
    response: { kind: 'data', status: 200, schema: ContentTypesOut },
    async handler({ params, scope, services }) {
      return presentContentTypes(await requireIntegration(services.knex, scope, params.id));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/integration/integrations/{id}/sync-events',
    operationId: 'listSyncEvents',
    summary: 'The sync log: every exchange with this WordPress, newest first',
    tags,
    throttle,
    auth: 'user',
    policy: integrationPolicies.read,
    params: idParams,
    query: z.object({
      ...paginationQuery,
      direction: z.enum(['outbound', 'inbound']).optional(),
      outcome: z.enum(['ok', 'failed', 'ignored']).optional(),
      content_id: idParam.optional(),
      ordering: orderingQuery({ created_at: 'createdAt' }, '-created_at'),
    }),
    refs: { 'params.id': 'integration' },
    response: { kind: 'page', status: 200, item: SyncEventOut },
    async handler({ params, query, scope, services }) {
      const integration = await requireIntegration(services.knex, scope, params.id);
      const builder = SyncEvent.query(services.knex).forTenant(scope).where('integrationId', integration.id);
      if (query.direction) builder.where('direction', query.direction);
      if (query.outcome) builder.where('outcome', query.outcome);
      if (query.content_id) builder.where('contentId', query.content_id);
      const page = await listPage(builder, query);
      return { count: page.count, results: page.results.map(presentSyncEvent) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/integration/webhooks/wordpress/status',
    operationId: 'receiveWordPressStatus',
    summary: 'A managed post changed in WordPress (sent by the plugin, signed)',
    description: `Site API key plus \`${SIGNATURE_HEADER}\` over the raw body. De-duplicated by event_id; answers 202.`,
    tags,
    throttle,
    auth: 'user_or_api_key',
    policy: integrationPolicies.siteKey,
    body: StatusEventBody,
    response: { kind: 'data', status: 202, schema: z.object({ outcome: z.string() }), message: 'Received.' },
    async handler({ body, actor, scope, services, ctx }) {
      const { siteId } = requireSiteKey(actor);
      const integration = await requireSiteIntegration(services.knex, scope, siteId);
      const secret = signingSecretOf(services, integration);
      if (!secret) throw new SignatureError('SIGNATURE_INVALID', 'This site is disconnected: connect it again from Settings → IGNY8 in WordPress.');
      const rawBody = (ctx.request as { rawBody?: string }).rawBody ?? '';
      const signature = verifySignature(ctx.get(SIGNATURE_HEADER) || undefined, rawBody, secret);
      await recordSignature(services.knex, signature);
      return { outcome: await receiveStatusWebhook(services, scope, integration, body) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/writer/content/{id}/publish',
    operationId: 'publishContent',
    summary: "Publish (or update) the content on its site's WordPress",
    description:
      'Answers 202 at once; a worker sends the post as native blocks with its images, categories, tags and meta. ' +
      'Publishing again updates the same post. Follow it at `status_url`.',
    tags: ['writer'],
    throttle,
    auth: 'user_or_api_key',
    policy: integrationPolicies.publish,
    params: idParams,
    body: PublishBody,
    refs: { 'params.id': 'content' },
    response: { kind: 'data', status: 202, schema: PublishQueuedOut, message: 'Publishing.' },
    async handler({ params, body, actor, scope, services, ctx }) {
      const record = await requestPublish(
        services,
        scope,
        actor,
        params.id,
        {
          status: body.status,
          date: body.date ? new Date(body.date) : undefined,
          categories: body.categories,
          tags: body.tags,
          authorEmail: body.author_email,
        },
        baseUrl(ctx, services),
      );
      return {
        publish_id: record.id,
        content_id: record.contentId,
        status: 'queued' as const,
        status_url: `/api/v1/writer/content/${record.contentId}/publishing/`,
      };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/writer/content/{id}/publishing',
    operationId: 'getContentPublishing',
    summary: 'Where publishing the content stands: queued, publishing, published or failed (with why)',
    tags: ['writer'],
    throttle,
    auth: 'user_or_api_key',
    policy: writerPolicies.read,
    params: idParams,
    refs: { 'params.id': 'content' },
    response: { kind: 'data', status: 200, schema: PublishingOut },
    async handler({ params, scope, services }) {
      const content = await requireContent(services.knex, scope, params.id);
      const record = await PublishingRecord.query(services.knex).forTenant(scope).findOne({ contentId: content.id });
      if (!record) throw new NotFoundError('Publishing record');
      return presentPublishing(record);
    },
  }),
];
