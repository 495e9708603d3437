import { inTransaction, isDuplicateKeyError } from '../../platform/db';
import type { Services } from '../../platform/http/types';
import type { TenantScope } from '../../platform/tenancy/actor';
import { Content, Task } from '../../writer/models';
import { type SiteIntegration, SyncEvent } from '../models';
import { contentStatusForWp, taskStatusFor } from '../status-map';
import { logSyncEvent } from './connection';

export interface StatusEvent {
  event_id: string;
  event: 'post.updated' | 'post.status_changed' | 'post.deleted';
  post_id: number;
  content_id: number | null;
  task_id: number | null;
  status: string;
  previous_status?: string | null | undefined;
  url?: string | null | undefined;
  modified_gmt?: string | null | undefined;
  occurred_at: string;
}

export type WebhookOutcome = 'applied' | 'duplicate' | 'stale' | 'unknown_content' | 'unmapped_status';

/**
 * A post of ours changed in WordPress. De-duplicated by event id (the plugin retries until it hears
 * 2xx), and an event older than the last one applied to the content changes nothing: retries from a
 * queue that was down can arrive after newer ones.
 */
export async function receiveStatusWebhook(
  services: Services,
  scope: TenantScope,
  integration: SiteIntegration,
  event: StatusEvent,
): Promise<WebhookOutcome> {
  return applyStatusEvent(services, scope, integration, event).catch((err: unknown) => {
    // The same event delivered twice at once: the unique event id let one in.
    if (isDuplicateKeyError(err)) return 'duplicate' as const;
    throw err;
  });
}

function applyStatusEvent(services: Services, scope: TenantScope, integration: SiteIntegration, event: StatusEvent): Promise<WebhookOutcome> {
  return inTransaction(services.knex, async (trx) => {
    const seen = await SyncEvent.query(trx).forTenant(scope).findOne({ integrationId: integration.id, eventId: event.event_id });
    if (seen) return 'duplicate';
    const occurredAt = new Date(event.occurred_at);
    const content = event.content_id
      ? await Content.query(trx).forTenant(scope).where({ id: event.content_id, siteId: integration.siteId }).first().forUpdate()
      : await Content.query(trx).forTenant(scope).where({ wpPostId: event.post_id, siteId: integration.siteId }).first().forUpdate();
    const wpStatus = event.event === 'post.deleted' ? 'trash' : event.status;
    const mapped = contentStatusForWp(wpStatus);
    let outcome: WebhookOutcome;
    let message: string;
    if (!content || (content.wpPostId !== null && Number(content.wpPostId) !== event.post_id)) {
      outcome = 'unknown_content';
      message = `WordPress post ${event.post_id} is not linked to content here; nothing changed.`;
    } else if (content.wpSyncedAt && occurredAt < content.wpSyncedAt) {
      outcome = 'stale';
      message = `An older change of post ${event.post_id} (${wpStatus}) arrived after a newer one; ignored.`;
    } else if (!mapped) {
      outcome = 'unmapped_status';
      message = `Post ${event.post_id} is "${wpStatus}" in WordPress, a status IGNY8 does not follow.`;
      await Content.query(trx).forTenant(scope).findById(content.id).patch({ wpStatus, wpSyncedAt: occurredAt });
    } else {
      outcome = 'applied';
      message = `Post ${event.post_id} is "${wpStatus}" in WordPress: content ${content.id} is now ${mapped}.`;
      await Content.query(trx)
        .forTenant(scope)
        .findById(content.id)
        .patch({
          status: mapped,
          wpStatus,
          wpSyncedAt: occurredAt,
          wpPostId: event.post_id,
          ...(event.url && event.event !== 'post.deleted' ? { wpPostUrl: event.url } : {}),
        });
      await Task.query(trx)
        .forTenant(scope)
        .findById(content.taskId)
        .patch({ status: taskStatusFor(mapped), wpPostId: event.post_id });
    }
    await logSyncEvent(trx, scope, integration, {
      direction: 'inbound',
      kind: 'status_webhook',
      outcome: outcome === 'applied' ? 'ok' : 'ignored',
      eventId: event.event_id,
      contentId: content?.id ?? null,
      wpPostId: event.post_id,
      message,
      details: { event: event.event, status: event.status, previous_status: event.previous_status ?? null, outcome },
    });
    return outcome;
  });
}
