import { newProfile } from '../ai/test-support';
import { createApiKey } from '../sites/commands/manage-sites';
import { accountScope } from '../platform/tenancy/scope';
import type { Fixture, TenantObjects } from '../test/fixture-types';
import type { Tenant, TestContext } from '../test/harness';
import { newContent } from '../writer/test-support';
import { signatureHeader } from './signature';

/** Nothing listens here: a connection check fails fast with WORDPRESS_UNREACHABLE. */
export const UNREACHABLE_WORDPRESS = 'http://127.0.0.1:9';

export interface Connection {
  integrationId: number;
  signingSecret: string;
}

/** Connects a site as the plugin does, with the site's API key. */
export async function connectWithKey(ctx: TestContext, apiKey: string, wordPressUrl = UNREACHABLE_WORDPRESS): Promise<Connection> {
  const response = await ctx.http
    .post('/api/v1/integration/connect/')
    .set('X-IGNY8-API-Key', apiKey)
    .send({
      site_url: wordPressUrl,
      rest_url: `${wordPressUrl}/wp-json/igny8/v1/`,
      site_name: 'Test WordPress',
      wp_version: '6.1.9',
      plugin_version: '0.2.0',
    });
  if (response.status !== 200) throw new Error(`connect: ${response.status} ${JSON.stringify(response.body)}`);
  return { integrationId: response.body.data.integration_id, signingSecret: response.body.data.signing_secret };
}

/** A key and a connection of the tenant's other site, for calls that end a connection. */
async function connectOtherSite(ctx: TestContext, t: Tenant): Promise<Connection> {
  const scope = accountScope(t.accountId);
  const actor = { kind: 'user' as const, accountId: t.accountId, role: 'owner' as const, userId: t.users.owner.id };
  const { key } = await createApiKey(ctx.services.knex, actor, scope, t.otherSiteId, `other ${Date.now()}`);
  return connectWithKey(ctx, key);
}

/** Content moved to approved, ready to publish. */
export async function approvedContent(ctx: TestContext, t: Tenant, html?: string): Promise<number> {
  const id = await newContent(ctx, t, html);
  for (const status of ['review', 'approved']) {
    await ctx.http.patch(`/api/v1/writer/content/${id}/`).set('Authorization', `Bearer ${t.users.owner.token}`).send({ status }).expect(200);
  }
  return id;
}

export function statusEvent(overrides: Record<string, unknown> = {}) {
  return {
    event_id: `evt-${Math.random().toString(36).slice(2, 12)}`,
    event: 'post.status_changed',
    post_id: 101,
    content_id: null,
    task_id: null,
    status: 'pending',
    previous_status: 'publish',
    url: 'http://wordpress.test/?p=101',
    modified_gmt: new Date().toISOString(),
    occurred_at: new Date().toISOString(),
    ...overrides,
  };
}

/** The headers a signed webhook carries: the site key and the signature over the JSON body as sent. */
export function signedHeaders(apiKey: string, secret: string, body: unknown, now = Date.now()): Record<string, string> {
  return { 'X-IGNY8-API-Key': apiKey, 'X-IGNY8-Signature': signatureHeader(secret, JSON.stringify(body), now) };
}

const ownIntegration = async (ctx: TestContext, t: Tenant) => (await connectWithKey(ctx, t.apiKey)).integrationId;

export async function createIntegrationObjects(ctx: TestContext, t: Tenant): Promise<TenantObjects> {
  return { integration: await ownIntegration(ctx, t) };
}

/** Reads until `done` says so or the time is up; returns the last value read, for the assertion to show. */
export async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Valid calls of the integration routes, for the route walk and the cross-tenant test. */
export const integrationValidCalls: Record<string, Fixture> = {
  connectWordPress: (_ctx, t) => ({
    path: '/integration/connect',
    body: { site_url: 'http://127.0.0.1:9', rest_url: 'http://127.0.0.1:9/wp-json/igny8/v1/' },
    headers: { 'X-IGNY8-API-Key': t.apiKey },
  }),
  wordPressConnectionStatus: async (ctx, t) => {
    await connectWithKey(ctx, t.apiKey);
    return { path: '/integration/status', headers: { 'X-IGNY8-API-Key': t.apiKey } };
  },
  getIntegrationContext: async (ctx, t) => {
    await connectWithKey(ctx, t.apiKey);
    return {
      path: '/integration/context',
      headers: { 'X-IGNY8-API-Key': t.apiKey, 'X-IGNY8-WP-User': JSON.stringify({ id: 7, email: 'ed@wp.test', role: 'editor' }) },
      invalidQuery: { site_id: 'not-a-site' },
    };
  },
  setSiteAuthorProfile: async (ctx, t) => ({
    path: '/integration/author-profile',
    body: { site_id: t.siteId, author_profile_id: await newProfile(ctx, t) },
  }),
  disconnectWordPress: async (ctx, t) => {
    await connectWithKey(ctx, t.apiKey);
    return { path: '/integration/disconnect', headers: { 'X-IGNY8-API-Key': t.apiKey } };
  },
  listIntegrations: async (ctx, t) => {
    await ownIntegration(ctx, t);
    return { path: '/integration/integrations', query: { site_id: t.siteId, ordering: '-created_at' } };
  },
  getIntegration: async (ctx, t) => ({ path: `/integration/integrations/${await ownIntegration(ctx, t)}` }),
  disconnectIntegration: async (ctx, t) => ({ path: `/integration/integrations/${(await connectOtherSite(ctx, t)).integrationId}` }),
  testIntegrationConnection: async (ctx, t) => ({ path: `/integration/integrations/${await ownIntegration(ctx, t)}/test-connection` }),
  syncIntegrationStructure: async (ctx, t) => ({ path: `/integration/integrations/${await ownIntegration(ctx, t)}/sync` }),
  listIntegrationContentTypes: async (ctx, t) => ({ path: `/integration/integrations/${await ownIntegration(ctx, t)}/content-types` }),
  listSyncEvents: async (ctx, t) => ({
    path: `/integration/integrations/${await ownIntegration(ctx, t)}/sync-events`,
    query: { direction: 'inbound' },
  }),
  receiveWordPressStatus: async (ctx, t) => {
    const { signingSecret } = await connectWithKey(ctx, t.apiKey);
    const body = statusEvent();
    return { path: '/integration/webhooks/wordpress/status', body, headers: signedHeaders(t.apiKey, signingSecret, body) };
  },
  publishContent: async (ctx, t) => {
    await ownIntegration(ctx, t);
    return { path: `/writer/content/${await approvedContent(ctx, t)}/publish`, body: { status: 'draft', tags: ['walk'] } };
  },
  getContentPublishing: async (ctx, t) => {
    await ownIntegration(ctx, t);
    const id = await approvedContent(ctx, t);
    await ctx.http.post(`/api/v1/writer/content/${id}/publish/`).set('Authorization', `Bearer ${t.users.owner.token}`).send({}).expect(202);
    return { path: `/writer/content/${id}/publishing` };
  },
};
