import { SectorScopedModel, TenantModel } from '../platform/tenancy/tenant-model';

export const INTEGRATION_STATUSES = ['connected', 'disconnected', 'error'] as const;
export const PUBLISH_STATUSES = ['queued', 'publishing', 'published', 'failed'] as const;

/** What WordPress said about itself on the last structure sync. */
export interface SiteStructure {
  site_name: string;
  site_url: string;
  wp_version: string;
  plugin_version: string;
  php_version?: string;
  post_types: { name: string; label: string; hierarchical: boolean; counts: Record<string, number> }[];
  taxonomies: { name: string; label: string; hierarchical: boolean; object_types: string[]; term_count: number }[];
}

export class SiteIntegration extends TenantModel {
  static override tableName = 'site_integrations';
  static override siteColumn = 'siteId' as const;
  static override jsonAttributes = ['structure'];
  static override dateColumns = ['createdAt', 'updatedAt', 'connectedAt', 'lastSyncAt', 'lastCheckedAt'];

  siteId!: number;
  platform!: 'wordpress';
  status!: (typeof INTEGRATION_STATUSES)[number];
  siteUrl!: string;
  restUrl!: string;
  wpSiteName!: string | null;
  wpVersion!: string | null;
  pluginVersion!: string | null;
  signingSecretSealed!: string | null;
  structure!: SiteStructure | null;
  connectedAt!: Date | null;
  lastSyncAt!: Date | null;
  lastCheckedAt!: Date | null;
  lastError!: string | null;
}

/** Options of one publish request, kept so a retried job publishes the same thing. */
export interface PublishOptions {
  categories?: string[];
  tags?: string[];
  author_email?: string | null;
}

export class PublishingRecord extends SectorScopedModel {
  static override tableName = 'publishing_records';
  static override jsonAttributes = ['options'];
  static override dateColumns = ['createdAt', 'updatedAt', 'scheduledFor', 'heartbeatAt', 'publishedAt'];

  contentId!: number;
  integrationId!: number;
  status!: (typeof PUBLISH_STATUSES)[number];
  requestedWpStatus!: string;
  scheduledFor!: Date | null;
  options!: PublishOptions;
  requests!: number;
  attempts!: number;
  wpPostId!: number | null;
  wpPostUrl!: string | null;
  errorCode!: string | null;
  errorMessage!: string | null;
  heartbeatAt!: Date | null;
  publishedAt!: Date | null;
}

export class SyncEvent extends TenantModel {
  static override tableName = 'sync_events';
  static override siteColumn = 'siteId' as const;
  static override jsonAttributes = ['details'];

  siteId!: number;
  integrationId!: number;
  direction!: 'outbound' | 'inbound';
  kind!: 'connect' | 'disconnect' | 'test_connection' | 'structure_sync' | 'publish' | 'status_webhook';
  outcome!: 'ok' | 'failed' | 'ignored';
  eventId!: string | null;
  contentId!: number | null;
  wpPostId!: number | null;
  message!: string;
  details!: Record<string, unknown> | null;
}
