import type { Knex } from 'knex';
import { decryptSecret, encryptSecret, randomToken } from '../../platform/crypto';
import { inTransaction, lockForUpdate } from '../../platform/db';
import { ConflictError, ForbiddenError, NotFoundError } from '../../platform/errors';
import type { Services } from '../../platform/http/types';
import type { Actor, TenantScope } from '../../platform/tenancy/actor';
import { Site } from '../../sites/models';
import { Account } from '../../accounts/models';
import { type SiteStructure, SiteIntegration, SyncEvent } from '../models';
import { callWordPress, WordPressError, type WordPressTarget } from '../wordpress-client';

export interface ConnectDetails {
  siteUrl: string;
  restUrl: string;
  siteName?: string | undefined;
  wpVersion?: string | undefined;
  pluginVersion?: string | undefined;
}

/** A site's API key, never a person, speaks for the WordPress end of a connection. */
export function requireSiteKey(actor: Actor): { siteId: number } {
  if (actor.kind !== 'api_key' || !actor.siteId)
    throw new ForbiddenError('Only a WordPress site, with its API key, can do this.', 'API_KEY_REQUIRED');
  return { siteId: actor.siteId };
}

/**
 * Connects (or connects again) the key's site: records where its plugin answers and issues a new
 * signing secret, which replaces the old one at once. The secret is returned only here.
 */
export async function connectSite(services: Services, scope: TenantScope, actor: Actor, details: ConnectDetails) {
  const { siteId } = requireSiteKey(actor);
  const signingSecret = randomToken(32);
  const now = new Date();
  const fields = {
    status: 'connected' as const,
    siteUrl: details.siteUrl,
    restUrl: details.restUrl,
    wpSiteName: details.siteName ?? null,
    wpVersion: details.wpVersion ?? null,
    pluginVersion: details.pluginVersion ?? null,
    signingSecretSealed: encryptSecret(signingSecret, services.config.secretsKey),
    connectedAt: now,
    lastError: null,
  };
  const integration = await inTransaction(services.knex, async (trx) => {
    const existing = await lockForUpdate(trx, SiteIntegration.query(trx).forTenant(scope).findOne({ siteId }));
    const saved = existing
      ? await existing.$query(trx).forTenant(scope).patchAndFetch(fields)
      : await SiteIntegration.query(trx)
          .forTenant(scope)
          .insertAndFetch({ siteId, platform: 'wordpress', ...fields });
    await logSyncEvent(trx, scope, saved, { direction: 'inbound', kind: 'connect', outcome: 'ok', message: `Connected from ${details.siteUrl}.` });
    return saved;
  });
  const site = await Site.query(services.knex).forTenant(scope).findById(siteId);
  const account = await Account.query(services.knex).unscoped('the key already resolved this account').findById(integration.accountId);
  return { integration, site: site!, accountName: account?.name ?? '', signingSecret };
}

export async function requireSiteIntegration(knex: Knex, scope: TenantScope, siteId: number): Promise<SiteIntegration> {
  const integration = await SiteIntegration.query(knex).forTenant(scope).findOne({ siteId });
  if (!integration) throw new NotFoundError('Site integration');
  return integration;
}

export async function requireIntegration(knex: Knex, scope: TenantScope, id: number): Promise<SiteIntegration> {
  const integration = await SiteIntegration.query(knex).forTenant(scope).findById(id);
  if (!integration) throw new NotFoundError('Site integration');
  return integration;
}

/** Ends a connection: the signing secret is dropped, so nothing signed with it is accepted again. */
export async function disconnectIntegration(services: Services, scope: TenantScope, integration: SiteIntegration, by: 'wordpress' | 'user') {
  return inTransaction(services.knex, async (trx) => {
    const saved = await integration.$query(trx).forTenant(scope).patchAndFetch({ status: 'disconnected', signingSecretSealed: null });
    await logSyncEvent(trx, scope, saved, {
      direction: by === 'wordpress' ? 'inbound' : 'outbound',
      kind: 'disconnect',
      outcome: 'ok',
      message: by === 'wordpress' ? 'Disconnected from WordPress.' : 'Disconnected in IGNY8.',
    });
    return saved;
  });
}

/** Where and how to call the integration's WordPress; refuses one that is not connected. */
export function wordPressTarget(services: Services, integration: SiteIntegration): WordPressTarget {
  if (integration.status === 'disconnected' || !integration.signingSecretSealed) {
    throw new ConflictError('This site is not connected to WordPress: connect it from Settings → IGNY8 in WordPress.', 'SITE_NOT_CONNECTED');
  }
  return { restUrl: integration.restUrl, signingSecret: decryptSecret(integration.signingSecretSealed, services.config.secretsKey) };
}

export function signingSecretOf(services: Services, integration: SiteIntegration): string | null {
  return integration.signingSecretSealed ? decryptSecret(integration.signingSecretSealed, services.config.secretsKey) : null;
}

export interface ConnectionCheck {
  ok: boolean;
  latency_ms: number;
  error_code: string | null;
  message: string;
  structure: SiteStructure | null;
}

/**
 * Calls the plugin's signed `site-metadata` route: proves both that the site answers and that it
 * holds our signing secret. With `store`, the answer becomes the integration's site structure.
 */
export async function checkWordPress(services: Services, scope: TenantScope, integration: SiteIntegration, store: boolean): Promise<ConnectionCheck> {
  const target = wordPressTarget(services, integration);
  const started = Date.now();
  let check: ConnectionCheck;
  try {
    const answer = await callWordPress<SiteStructure>(target, {
      method: 'GET',
      path: 'site-metadata/',
      timeoutMs: Math.min(services.config.WORDPRESS_TIMEOUT_MS, 15_000),
    });
    check = {
      ok: true,
      latency_ms: Date.now() - started,
      error_code: null,
      message: `WordPress ${answer.data.wp_version} answered.`,
      structure: answer.data,
    };
  } catch (err) {
    if (!(err instanceof WordPressError)) throw err;
    check = { ok: false, latency_ms: Date.now() - started, error_code: err.code, message: err.message, structure: null };
  }
  const now = new Date();
  await inTransaction(services.knex, async (trx) => {
    await integration
      .$query(trx)
      .forTenant(scope)
      .patch({
        status: check.ok ? 'connected' : 'error',
        lastCheckedAt: now,
        lastError: check.ok ? null : check.message.slice(0, 1000),
        ...(check.ok && store && check.structure
          ? {
              structure: check.structure,
              lastSyncAt: now,
              wpSiteName: check.structure.site_name,
              wpVersion: check.structure.wp_version,
              pluginVersion: check.structure.plugin_version,
            }
          : {}),
      });
    await logSyncEvent(trx, scope, integration, {
      direction: 'outbound',
      kind: store ? 'structure_sync' : 'test_connection',
      outcome: check.ok ? 'ok' : 'failed',
      message: check.message,
      details: check.ok ? null : { error_code: check.error_code },
    });
  });
  return check;
}

export async function logSyncEvent(
  knex: Knex,
  scope: TenantScope,
  integration: Pick<SiteIntegration, 'id' | 'siteId'>,
  event: Pick<SyncEvent, 'direction' | 'kind' | 'outcome' | 'message'> & Partial<Pick<SyncEvent, 'eventId' | 'contentId' | 'wpPostId' | 'details'>>,
): Promise<SyncEvent> {
  return SyncEvent.query(knex)
    .forTenant(scope)
    .insert({
      siteId: integration.siteId,
      integrationId: integration.id,
      eventId: null,
      contentId: null,
      wpPostId: null,
      details: null,
      ...event,
      message: event.message.slice(0, 1000),
    });
}
